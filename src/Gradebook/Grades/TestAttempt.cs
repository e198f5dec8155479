using Course.Grader.Score;

namespace Course.Gradebook.Grades;

/// <summary>How one test went in one graded submission: a flat row the pass-rate chart counts from.</summary>
public sealed record TestAttempt(long SubmissionId, string Student, DateTimeOffset SubmittedAt, string Test, TestOutcome Status);
