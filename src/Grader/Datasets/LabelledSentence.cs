namespace Course.Grader.Datasets;

/// <summary>One sentence of the dataset and its label, in the source's order (<paramref name="Line"/> is 1-based).</summary>
public sealed record LabelledSentence(string Sentence, string Label, int Line);
