using Course.Grader;
using Course.Grader.Data;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Course.Gradebook.Reads;

/// <summary>Reads the queue for the staff's live queue page.</summary>
public sealed class QueueReads(GradingDbContext grading, WorkerRegistry workers, IOptions<GraderOptions> options, TimeProvider clock)
{
    public const int FinishedShown = 20;

    public async Task<QueueSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        // In the order workers will claim them (fair order), so the page tells TAs who is graded next.
        var open = await RowsAsync(JobQueue.InFairOrder(grading.Jobs.Where(JobQueue.IsOpen)), ct);
        var finished = await RowsAsync(grading.Jobs.Where(j => j.Status != JobStatus.Queued && j.Status != JobStatus.Running)
            .OrderByDescending(j => j.Id).Take(FinishedShown), ct);
        return new QueueSnapshot(
            open.Where(r => r.Job.Status == JobStatus.Running).OrderBy(r => r.Job.StartedAt).ToList(),
            open.Where(r => r.Job.Status == JobStatus.Queued).ToList(),
            finished.OrderByDescending(r => r.Job.Id).ToList(),
            await workers.ListAsync(ct),
            clock.GetUtcNow(),
            options.Value.MaxAttempts);
    }

    /// <summary>The jobs with their submissions, the student's attempt number and the score, in one query (no logs or tests loaded).</summary>
    async Task<List<QueueRow>> RowsAsync(IQueryable<GradingJob> jobs, CancellationToken ct)
    {
        var rows = await jobs.AsNoTracking().Select(j => new
        {
            Job = j,
            j.Submission,
            Attempt = grading.Submissions.Count(o => o.Student == j.Submission.Student && o.AssignmentId == j.Submission.AssignmentId && o.Id <= j.SubmissionId),
            Score = j.Submission.Result == null ? (double?)null : j.Submission.Result.Score,
            MaxScore = j.Submission.Result == null ? (double?)null : j.Submission.Result.MaxScore,
        }).ToListAsync(ct);
        return rows.Select(r =>
        {
            r.Job.Submission = r.Submission;
            return new QueueRow(r.Job, r.Attempt, r.Score, r.MaxScore);
        }).ToList();
    }
}
