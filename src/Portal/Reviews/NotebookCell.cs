namespace Course.Portal.Reviews;

/// <summary>A notebook cell as the review page shows it: Markdown, or code with its saved outputs.</summary>
public sealed record NotebookCell(bool IsMarkdown, string Source, IReadOnlyList<NotebookOutput> Outputs);

/// <summary>A saved output: text, or a PNG kept as base64.</summary>
public sealed record NotebookOutput(string? Text, string? PngBase64);
