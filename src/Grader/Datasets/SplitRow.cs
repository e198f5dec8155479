namespace Course.Grader.Datasets;

/// <summary>A sentence with the id it is published under and, for test rows, the part (public or private) that scores it.</summary>
public sealed record SplitRow(string Id, string Sentence, string Label, string? Part = null);
