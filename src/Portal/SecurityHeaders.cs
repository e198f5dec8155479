namespace Course.Portal;

/// <summary>
/// Headers every response carries. The policy allows only the portal's own scripts (no inline script, no eval: the
/// layout has no import map for that reason), its own styles plus the inline style attributes Blazor's reconnect UI
/// sets, images from the portal and data: URIs (a notebook's plots), frames from the portal only (a PDF report), and
/// connections back to the portal (Blazor's circuit). A response that set a stricter policy (a download's sandbox)
/// keeps it.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string ReferrerPolicy = "same-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            if (!headers.ContentSecurityPolicy.ToString().Contains("sandbox")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
