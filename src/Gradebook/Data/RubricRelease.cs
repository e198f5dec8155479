namespace Course.Gradebook.Data;

/// <summary>An assignment whose rubric grades students may see: until an instructor publishes them, only staff do.</summary>
public sealed class RubricRelease
{
    public required string AssignmentId { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
