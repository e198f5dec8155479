namespace Course.Gradebook.Data;

/// <summary>
/// One line of an assignment's rubric, as an instructor wrote it. A grade stores which items apply, not their
/// points, so changing an item's points re-scores every submission it was applied to.
/// </summary>
public sealed class RubricItem
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Positive for credit, negative for a deduction; a grade's total is clamped to [0, rubric points].</summary>
    public double Points { get; set; }
}
