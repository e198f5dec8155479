namespace Course.Portal.Content;

/// <summary>A reading on a module page.</summary>
public sealed class ReadingLink
{
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
}
