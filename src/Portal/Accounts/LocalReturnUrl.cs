using Microsoft.AspNetCore.Http.HttpResults;

namespace Course.Portal.Accounts;

/// <summary>Where sign-in may send a user back to: a path on this site, as ASCII; anything else is the home page.</summary>
public static class LocalReturnUrl
{
    static readonly Uri ThisSite = new("http://this.site/");

    /// <summary>
    /// <paramref name="url"/> when it is a local path (not <c>//host</c>, <c>/\host</c>, <c>\\host</c> or absolute, so a
    /// crafted link cannot bounce a fresh sign-in to another site), with what is not ASCII percent-encoded: a Location
    /// header carries ASCII only, and the cookie handler's ReturnUrl holds the decoded path (e.g. <c>/modules/é</c>).
    /// </summary>
    public static string OrHome(string? url)
    {
        // ASP.NET Core's own check, which also refuses control characters; "~/" paths are for MVC, not here.
        if (url is not { Length: > 0 } || url[0] != '/' || url.Contains('\\') || !RedirectHttpResult.IsLocalUrl(url)) return "/";
        if (!Uri.TryCreate(ThisSite, url, out var resolved) || resolved.Host != ThisSite.Host) return "/";
        var path = resolved.PathAndQuery + resolved.Fragment;
        return path.All(char.IsAscii) ? path : "/";
    }
}
