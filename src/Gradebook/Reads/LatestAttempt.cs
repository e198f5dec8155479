using Course.Grader.Data;

namespace Course.Gradebook.Reads;

/// <summary>A student's most recent attempt on an assignment, and how many they made; its job's status, if it has one.</summary>
public sealed record LatestAttempt(long SubmissionId, JobStatus? Status, int Attempts);
