using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Course.Portal.Accounts;

public static class PortalAccountsExtensions
{
    /// <summary>Sign-in with Identity's cookie for the pages, and API tokens for the shell; every page needs a signed-in user.</summary>
    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        builder.AddCourseAccounts().AddSignInManager().AddClaimsPrincipalFactory<CourseClaimsPrincipalFactory>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<OwnPassword>();
        // The security stamp is checked on every request (one lookup of the user): a deactivated account, a reset or
        // changed password, or a new role ends or refreshes the user's other sessions at their next request, not after
        // Identity's default half hour.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "course.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // Signing in at /signin, the cookie handler itself redirects to the ReturnUrl query, checking only that it
                // starts with one "/": Kestrel then refuses (500) a path that is not ASCII or holds control characters.
                // The same check as the sign-in page's, so both send the user to the same local, ASCII path.
                o.Events.OnRedirectToReturnUrl = context =>
                {
                    context.Response.Redirect(LocalReturnUrl.OrHome(context.RedirectUri));
                    return Task.CompletedTask;
                };
            }));
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Sign-out is a POST with an antiforgery token, so no page on another site, or a same-site one, can sign a user out.</summary>
    public static WebApplication MapSignOut(this WebApplication app)
    {
        app.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<CourseUser> signIn) =>
        {
            // The antiforgery middleware only records a failed check; an endpoint that binds no form must refuse itself.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Text("The sign-out form has expired or did not come from this site. Reload the page and sign out again.",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/signin");
        }).RequireAuthorization();
        return app;
    }
}
