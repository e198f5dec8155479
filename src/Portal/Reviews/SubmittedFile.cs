namespace Course.Portal.Reviews;

/// <summary>One file of a submission as a reviewer reads it: a zip's entry, or the upload itself.</summary>
public sealed record SubmittedFile(int Index, string Name, byte[] Content)
{
    public string Extension => Path.GetExtension(Name).ToLowerInvariant();

    /// <summary>How the review page shows it.</summary>
    public SubmittedFileKind Kind => Extension switch
    {
        ".md" or ".markdown" => SubmittedFileKind.Markdown,
        ".ipynb" => SubmittedFileKind.Notebook,
        ".pdf" => SubmittedFileKind.Pdf,
        ".py" or ".txt" or ".csv" or ".json" or ".yaml" or ".yml" or ".toml" or ".cfg" or ".sh" => SubmittedFileKind.Text,
        _ => SubmittedFileKind.Other,
    };
}

public enum SubmittedFileKind { Markdown, Notebook, Pdf, Text, Other }
