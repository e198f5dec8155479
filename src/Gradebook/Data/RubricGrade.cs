namespace Course.Gradebook.Data;

/// <summary>
/// A TA's reading of one student's work on an assignment with a rubric: the submission they read, the items that
/// apply and a comment. One per student and assignment; grading another submission replaces it.
/// </summary>
public sealed class RubricGrade
{
    public long Id { get; set; }
    public required string Student { get; set; }
    public required string AssignmentId { get; set; }
    public long SubmissionId { get; set; }
    public string Comment { get; set; } = "";
    public required string GradedBy { get; set; }
    public DateTimeOffset At { get; set; }
    public List<AppliedRubricItem> Applied { get; set; } = [];
}
