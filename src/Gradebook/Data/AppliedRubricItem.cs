namespace Course.Gradebook.Data;

/// <summary>A rubric item ticked in a grade.</summary>
public sealed class AppliedRubricItem
{
    public long RubricGradeId { get; set; }
    public long RubricItemId { get; set; }
    public RubricItem Item { get; set; } = null!;
}
