using Course.Contracts.Manifest;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Microsoft.AspNetCore.Components;

namespace Course.Portal.Content;

/// <summary>
/// The weeks and modules of the course, from <c>assignments/modules/*.md</c>: YAML front matter (week, title, summary,
/// notebooks, assignments, readings) read with YamlDotNet, and a Markdown body rendered with Markdig. Loaded once.
/// </summary>
public sealed class CourseModules
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UseAdvancedExtensions().DisableHtml().Build();

    public CourseModules(AssignmentCatalog catalog)
    {
        var folder = Path.Combine(catalog.Root, "modules");
        All = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.md").Select(f => Load(f, catalog)).OrderBy(m => m.Week).ThenBy(m => m.Slug, StringComparer.Ordinal).ToList()
            : [];
    }

    public IReadOnlyList<CourseModule> All { get; }

    public CourseModule? Find(string slug) => All.FirstOrDefault(m => m.Slug == slug);

    static CourseModule Load(string path, AssignmentCatalog catalog)
    {
        var text = File.ReadAllText(path);
        var document = Markdown.Parse(text, Pipeline);
        var frontMatter = document.Descendants<YamlFrontMatterBlock>().FirstOrDefault()
            ?? throw new ManifestException($"{path}: no front matter (a block between --- lines at the top)");
        var module = CourseYaml.Read<CourseModule>(frontMatter.Lines.ToString(), path);
        var unknown = module.Assignments.Where(a => catalog.Find(a) is null).ToList();
        if (string.IsNullOrWhiteSpace(module.Title) || module.Week <= 0 || unknown.Count > 0)
            throw new ManifestException($"{path}: a module needs a title and a week, and names only assignments that exist" +
                (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})" : ""));
        module.Slug = Path.GetFileNameWithoutExtension(path);
        module.NotebookLinks = module.Notebooks.Select(n => Resolve(n, catalog)).ToList();
        document.Remove(frontMatter);
        module.Body = new MarkupString(document.ToHtml(Pipeline));
        return module;
    }

    /// <summary>
    /// Most notebooks a module names live in the course's notebook collection, not in this repository; the ones that
    /// are an assignment's starter are served by the starter's download route.
    /// </summary>
    static ModuleNotebook Resolve(string name, AssignmentCatalog catalog) =>
        catalog.All.FirstOrDefault(a => a.Manifest.Starter.Length > 0 && Path.GetFileName(a.Manifest.Starter) == name
                                        && File.Exists(a.PathOf(a.Manifest.Starter))) is { } owner
            ? new(name, $"assignments/{owner.Id}/starter", owner.Manifest.Title)
            : new(name);
}
