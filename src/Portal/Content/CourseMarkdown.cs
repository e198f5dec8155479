using Markdig;
using Microsoft.AspNetCore.Components;

namespace Course.Portal.Content;

/// <summary>Renders course content written in Markdown (statements, module pages) with Markdig; raw HTML in it is not passed through.</summary>
public sealed class CourseMarkdown
{
    readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public MarkupString Render(string markdown) => new(Markdown.ToHtml(markdown, pipeline));
}
