using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Gpu;
using Course.Grader.Pipeline;
using Course.Grader.Score;
using Course.Grader.Submissions;

namespace Course.Grader.Queue;

/// <summary>Grades a job's stored upload against its assignment through the <see cref="GradingPipeline"/>.</summary>
public sealed class PipelineJobGrader(AssignmentCatalog catalog, SubmissionStore store, GradingPipeline pipeline) : IJobGrader
{
    public async Task<GradeReport> GradeAsync(GradingJob job, GpuLease? gpu, CancellationToken ct)
    {
        var assignment = catalog.Get(job.Submission.AssignmentId);
        var upload = await store.LoadAsync(job.Submission, ct);
        return await pipeline.GradeAsync(assignment, upload, gpu, ct);
    }
}
