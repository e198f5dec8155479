namespace Course.Gradebook.Grades;

/// <summary>A graded submission as the gradebook needs it.</summary>
public sealed record GradedAttempt(long SubmissionId, string Student, string AssignmentId, DateTimeOffset SubmittedAt, double Score, double MaxScore);
