namespace Course.Gradebook.Rubrics;

/// <summary>A student on an assignment's review list: their latest submission, and the rubric grade if they have one.</summary>
public sealed record ReviewRow(string Student, long LatestSubmissionId, int Submissions, long? GradedSubmissionId, double? Score, string? GradedBy);
