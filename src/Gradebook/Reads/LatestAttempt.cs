using Course.Grader.Data;

namespace Course.Gradebook.Reads;

/// <summary>A student's most recent attempt on an assignment, and how many they made.</summary>
public sealed record LatestAttempt(long SubmissionId, JobStatus Status, int Attempts);
