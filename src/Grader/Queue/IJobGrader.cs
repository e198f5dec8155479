using Course.Grader.Data;
using Course.Grader.Gpu;
using Course.Grader.Score;

namespace Course.Grader.Queue;

/// <summary>
/// What grading a claimed job means, apart from the queue's bookkeeping around it. Throws
/// <see cref="Submissions.SubmissionRejectedException"/> for an upload that cannot be graded and any other exception when
/// the grader itself fails; whatever the submission does in the sandbox ends in a scored report.
/// </summary>
public interface IJobGrader
{
    /// <param name="gpu">The GPU the worker leased for the job, or null: the job's assignment does not use one, or none was free.</param>
    Task<GradeReport> GradeAsync(GradingJob job, GpuLease? gpu, CancellationToken ct);
}
