namespace Course.Gradebook.Data;

/// <summary>A later due date for one student on one assignment; late penalties count from it.</summary>
public sealed class DeadlineExtension
{
    public long Id { get; set; }
    public required string Student { get; set; }
    public required string AssignmentId { get; set; }
    public DateTimeOffset Due { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
