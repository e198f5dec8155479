namespace Course.Grader.Data;

/// <summary>Where a grading job is: queued → running → graded, or rejected (ungradable, no attempt used) or failed (the grader's fault, after retries).</summary>
public enum JobStatus
{
    Queued,
    Running,
    Graded,
    Rejected,
    Failed,
}
