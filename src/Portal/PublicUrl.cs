using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Course.Portal;

/// <summary>
/// The address students reach the portal at, for every absolute URL the portal hands out (the API's <c>url</c>, the
/// <c>curl</c> line on the Account page). Set <c>Portal:PublicUrl</c> behind a proxy or a DNS name; by default it is the
/// first address the portal listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else http://127.0.0.1:5080. Never the
/// request's Host header: a forged one would put an attacker's address into what students copy, with their token.
/// </summary>
public sealed partial class PublicUrl(IOptions<PortalOptions> options, IConfiguration configuration)
{
    public const string Default = "http://127.0.0.1:5080/";

    public Uri Base { get; } = Resolve(options.Value.PublicUrl, configuration[WebHostDefaults.ServerUrlsKey]);

    /// <summary>The absolute URL of a path on the portal, e.g. <c>For("submissions/42")</c>; a path base in the public URL is kept.</summary>
    public string For(string path) => new Uri(Base, path.TrimStart('/')).AbsoluteUri;

    public static Uri Resolve(string? configured, string? listening)
    {
        if (Parse(configured) is { } url) return url;
        var first = listening?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        // Listening on every interface ("*", "+", 0.0.0.0, [::]) names no host a student could use: assume this machine.
        return Parse(first is null ? null : AnyHost().Replace(first, "$1://127.0.0.1")) ?? new Uri(Default);
    }

    /// <summary>An absolute http(s) address, ending in a slash so that paths go below it; null for anything else.</summary>
    public static Uri? Parse(string? url) =>
        url is { Length: > 0 } && Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var parsed)
            && parsed.Scheme is "http" or "https" && string.IsNullOrEmpty(parsed.Query) && string.IsNullOrEmpty(parsed.Fragment)
            ? parsed : null;

    [GeneratedRegex(@"^(\w+)://(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)")]
    private static partial Regex AnyHost();
}
