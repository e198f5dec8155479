using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace Course.Portal.Reviews;

/// <summary>
/// Renders Markdown a student wrote (a report, a notebook's text) for staff to read: no raw HTML, links only to
/// http(s) and mailto (a javascript: link would run as the reviewer), and images only when embedded as data (an
/// image from a student's server would tell them who read their report, and when); any other image becomes a link.
/// </summary>
public static class StudentMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static MarkupString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.IsImage && !IsEmbeddedImage(link.Url)) link.IsImage = false;
            if (!link.IsImage && !IsSafeLink(link.Url)) link.Url = "";
        }
        foreach (var link in document.Descendants<AutolinkInline>().Where(a => !IsSafeLink(a.Url)).ToList())
            link.Url = "";
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return new MarkupString(writer.ToString());
    }

    static bool IsSafeLink(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));

    static bool IsEmbeddedImage(string? url) =>
        url is not null && (url.StartsWith("data:image/png;base64,", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("data:image/jpeg;base64,", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("data:image/gif;base64,", StringComparison.OrdinalIgnoreCase));
}
