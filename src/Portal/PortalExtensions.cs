using Course.Portal.Accounts;
using Course.Portal.Components;
using Course.Portal.Content;

namespace Course.Portal;

public static class PortalExtensions
{
    public static WebApplicationBuilder AddCoursePortal(this WebApplicationBuilder builder)
    {
        // `./course up` serves the build output, not a publish folder: framework files such as blazor.web.js are
        // found through the static web assets manifest, which ASP.NET Core reads on its own only in Development.
        // In a published portal the manifest is absent and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.PublicUrl) || PublicUrl.Parse(o.PublicUrl) is not null,
                "Portal:PublicUrl must be an absolute http:// or https:// address, without a query")
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicUrl>();
        builder.Services.AddSingleton<CourseMarkdown>();
        builder.Services.AddSingleton<CourseModules>();
        return builder;
    }

    /// <summary>Reads the assignments and modules now, so a broken content file stops the portal with its message instead of failing pages.</summary>
    public static void LoadCourseContent(this IServiceProvider services)
    {
        services.GetRequiredService<Course.Contracts.Manifest.AssignmentCatalog>();
        services.GetRequiredService<CourseModules>();
    }

    public static WebApplication UseCoursePortal(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // Pages get the portal's own not-found page; the API keeps its JSON and bare status codes.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"),
            b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseTemporaryPasswordGate();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
