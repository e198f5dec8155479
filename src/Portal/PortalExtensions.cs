using Course.Grader.Manifest;
using Course.Portal.Components;

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
        builder.Services.AddSingleton<CourseMarkdown>();
        return builder;
    }

    public static WebApplication UseCoursePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Starter downloads: only the file the manifest names as the starter, never anything else in the folder.</summary>
    public static WebApplication MapCourseFiles(this WebApplication app)
    {
        app.MapGet("/assignments/{id}/starter", (string id, AssignmentCatalog catalog) =>
            catalog.Find(id) is { } a && File.Exists(a.PathOf(a.Manifest.Starter))
                ? Results.File(a.PathOf(a.Manifest.Starter), "text/x-python", Path.GetFileName(a.Manifest.Starter))
                : Results.NotFound());
        return app;
    }
}
