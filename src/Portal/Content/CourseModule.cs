using Microsoft.AspNetCore.Components;
using YamlDotNet.Serialization;

namespace Course.Portal.Content;

/// <summary>A module of the course: the front matter of <c>assignments/modules/NN-slug.md</c> and its rendered body.</summary>
public sealed class CourseModule
{
    public string Slug { get; set; } = "";
    public int Week { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<string> Notebooks { get; set; } = [];

    /// <summary><see cref="Notebooks"/> resolved against the course's files: set when loaded, never read from YAML.</summary>
    [YamlIgnore]
    public List<ModuleNotebook> NotebookLinks { get; set; } = [];
    public List<string> Assignments { get; set; } = [];
    public List<ReadingLink> SuggestedReading { get; set; } = [];
    public List<ReadingLink> FurtherReading { get; set; } = [];
    public MarkupString Body { get; set; }
}
