using System.Globalization;
using System.Text;

namespace Course.Portal.Endpoints;

/// <summary>
/// How the portal hands out a file: always an attachment the browser saves rather than renders, never sniffed into
/// HTML, never cached (a shared machine's cache must not keep a student's work or the gradebook), sandboxed should it
/// be opened anyway, and under a file name that cannot pretend to be another (bidi controls turning "evil‮yp.exe"
/// into "evilexe.py") or break the header.
/// </summary>
public static class Downloads
{
    public const string Fallback = "download";

    public static IResult Attachment(HttpContext http, byte[] content, string contentType, string? fileName)
    {
        Protect(http.Response.Headers);
        return Results.File(content, contentType, SafeFileName(fileName));
    }

    public static IResult Attachment(HttpContext http, string path, string contentType, string? fileName)
    {
        Protect(http.Response.Headers);
        return Results.File(path, contentType, SafeFileName(fileName));
    }

    /// <summary>
    /// A PDF shown in the page (a report beside the rubric), by the browser's own PDF viewer: only bytes that start as a
    /// PDF, never sniffed, never cached. No CSP sandbox here: Chromium refuses to show a PDF in a sandboxed document.
    /// </summary>
    public static IResult InlinePdf(HttpContext http, byte[] content, string? fileName)
    {
        if (content.Length < 5 || !content.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            return Attachment(http, content, "application/octet-stream", fileName);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{SafeFileName(fileName)}\"";
        return Results.Bytes(content, "application/pdf");
    }

    static void Protect(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
    }

    /// <summary>
    /// <paramref name="name"/> without control and format characters (bidi overrides, isolates and marks, zero-width
    /// ones), line separators, quotes, path separators and the characters Windows refuses; at most 150 characters.
    /// </summary>
    public static string SafeFileName(string? name)
    {
        var safe = new StringBuilder();
        foreach (var c in name ?? "")
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                continue;
            if (c is '"' or '\'' or '`' or '/' or '\\' or ':' or '*' or '?' or '<' or '>' or '|' or ';') continue;
            safe.Append(c);
        }
        var trimmed = safe.ToString().Trim().Trim('.', ' ');
        if (trimmed.Length > 150) trimmed = trimmed[..150].TrimEnd('.', ' ');
        return trimmed.Length == 0 ? Fallback : trimmed;
    }
}
