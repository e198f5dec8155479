namespace Course.Gradebook.Data;

/// <summary>One thing staff did to grades (an override, an extension, a re-grade), kept for good: never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Student { get; set; }
    public string? AssignmentId { get; set; }
    public long? SubmissionId { get; set; }
    public required string Detail { get; set; }
}
