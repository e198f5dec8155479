namespace Course.Gradebook.Reads;

/// <summary>One page of the submissions a filter matches, and how many it matches in all.</summary>
public sealed record SubmissionList(IReadOnlyList<SubmissionListRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The first row's place among all matches, counting from 1 (0 when nothing matches).</summary>
    public int First => Rows.Count == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => Rows.Count == 0 ? 0 : First + Rows.Count - 1;
}
