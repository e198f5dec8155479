namespace Course.Reference.SentimentBaseline;

/// <summary>A row of the split's files: its id, sentence, and label (null for the released test file, which has none).</summary>
public sealed record LabelledRow(string Id, string Sentence, string? Label);
