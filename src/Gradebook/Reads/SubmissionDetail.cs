using Course.Grader.Data;
using Course.Grader.Queue;

namespace Course.Gradebook.Reads;

/// <summary>
/// A submission as its page shows it: the job, the result with its tests, the place in the queue while waiting, and
/// the due date that applies to its student (their extension, if any).
/// </summary>
public sealed record SubmissionDetail(Submission Submission, GradingJob Job, GradeResult? Result, int? QueuePosition, DateTimeOffset StudentDue)
{
    /// <summary>While queued: the position and an estimate of the wait.</summary>
    public QueueWait? Wait { get; init; }

    public bool Finished => Job.Status is not (JobStatus.Queued or JobStatus.Running);
}
