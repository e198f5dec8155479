namespace Course.Grader.Data;

/// <summary>A file a student handed in, stored by content hash; durable before it is queued.</summary>
public sealed class Submission
{
    public long Id { get; set; }
    public required string AssignmentId { get; set; }
    public required string Student { get; set; }
    public required string FileName { get; set; }
    public required string ContentHash { get; set; }
    public long SizeBytes { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public GradingJob? Job { get; set; }
    public GradeResult? Result { get; set; }
}
