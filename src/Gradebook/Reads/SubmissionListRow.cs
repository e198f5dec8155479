using Course.Grader.Data;

namespace Course.Gradebook.Reads;

/// <summary>One submission in the staff's browser: who, what, when, where its job is and its score once graded.</summary>
public sealed record SubmissionListRow(
    long Id,
    string AssignmentId,
    string Student,
    string? StudentName,
    string? StudentNumber,
    DateTimeOffset SubmittedAt,
    JobStatus? Status,
    double? Score,
    double? MaxScore);
