namespace Course.Gradebook.Data;

/// <summary>An instructor's grade for one student on one assignment; it replaces the graded score and needs a reason.</summary>
public sealed class GradeOverride
{
    public long Id { get; set; }
    public required string Student { get; set; }
    public required string AssignmentId { get; set; }
    public double Points { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
