namespace Course.Contracts.Manifest;

/// <summary>
/// The labelled dataset of a project graded on predictions: its source, how it is split (deterministic given the
/// seed), the files students download, and the test labels, which live under the grader's trusted folder
/// (<c>Grader:TrustedPath</c>, outside <c>assignments/</c>) and nowhere else.
/// </summary>
public sealed class DatasetSpec
{
    /// <summary>
    /// The source file (<c>sentence@label</c> lines, latin-1, CRLF), relative to the grader's trusted folder: it labels
    /// the test sentences too.
    /// </summary>
    public string Source { get; set; } = "";
    public long Seed { get; set; }
    public double ValidationFraction { get; set; } = 0.1;
    public double TestFraction { get; set; } = 0.2;
    /// <summary>The share of each class's test rows in the public part (the rest is private).</summary>
    public double PublicFraction { get; set; } = 0.5;
    public string Train { get; set; } = "data/train.csv";
    public string Validation { get; set; } = "data/validation.csv";
    /// <summary>The test sentences, released as <c>id,sentence</c> only.</summary>
    public string Test { get; set; } = "data/test.csv";
    /// <summary>The split's record (counts and hashes), written by <c>./course split</c>, relative to the assignment folder.</summary>
    public string Record { get; set; } = "data/split.json";
    /// <summary>The test labels (<c>id,label,part</c>), relative to the grader's trusted folder.</summary>
    public string Labels { get; set; } = "";
    /// <summary>The label names, in id order.</summary>
    public List<string> Classes { get; set; } = [];
    /// <summary>The files the assignment page offers, relative to the assignment folder; nothing else in it is served.</summary>
    public List<string> Downloads { get; set; } = [];
}
