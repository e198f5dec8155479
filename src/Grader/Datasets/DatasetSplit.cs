namespace Course.Grader.Datasets;

/// <summary>The three parts of a split; the test rows carry their labels and public/private part for the grader's file only.</summary>
public sealed record DatasetSplit(IReadOnlyList<SplitRow> Train, IReadOnlyList<SplitRow> Validation, IReadOnlyList<SplitRow> Test);
