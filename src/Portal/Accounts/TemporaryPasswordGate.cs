using Course.Portal.Components.Pages.Account;

namespace Course.Portal.Accounts;

/// <summary>
/// A user signed in with a temporary password reaches only the change-password page (and signing out) until they
/// choose their own: every other page redirects there, and the API answers 403.
/// </summary>
public static class TemporaryPasswordGate
{
    // What the change-password page itself needs: the framework's scripts and the site's stylesheets and images.
    static readonly string[] Open = [ChangePasswordPage.Path, "/signout", "/_framework", "/_content", "/_blazor"];
    static readonly string[] AssetExtensions = [".css", ".js", ".png", ".svg", ".ico", ".woff", ".woff2"];

    public static IApplicationBuilder UseTemporaryPasswordGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (!http.User.HasClaim(c => c.Type == CourseClaimsPrincipalFactory.TemporaryPassword)
            || Open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            || AssetExtensions.Any(e => path.Value?.EndsWith(e, StringComparison.OrdinalIgnoreCase) == true))
        {
            await next(http);
            return;
        }
        if (path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("Change your temporary password in the portal first.");
            return;
        }
        http.Response.Redirect(ChangePasswordPage.Path);
    });
}
