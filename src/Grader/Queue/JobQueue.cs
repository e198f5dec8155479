using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Course.Grader.Queue;

/// <summary>
/// The grading queue in the database. A worker claims the oldest queued job, or one whose lease ran
/// out (its worker died), with a conditional update, so two workers never hold the same job.
/// </summary>
public sealed class JobQueue(GradingDbContext db, IOptions<GraderOptions> options, TimeProvider clock)
{
    public const int MaxAttempts = 3;

    public async Task<GradingJob?> ClaimNextAsync(string worker, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var canGpu = options.Value.Gpus > 0;
        var candidates = await db.Jobs
            .Where(j => (j.Status == JobStatus.Queued || (j.Status == JobStatus.Running && j.LeaseUntil < now)) && (canGpu || !j.NeedsGpu))
            .OrderBy(j => j.QueuedAt).Select(j => new { j.Id, j.Status, j.LeaseUntil }).Take(5).ToListAsync(ct);
        foreach (var c in candidates)
        {
            var lease = now + options.Value.LeaseDuration;
            var claimed = await db.Jobs
                .Where(j => j.Id == c.Id && j.Status == c.Status && j.LeaseUntil == c.LeaseUntil)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.Worker, worker)
                    .SetProperty(j => j.LeaseUntil, lease)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1)
                return await db.Jobs.AsNoTracking().Include(j => j.Submission).SingleAsync(j => j.Id == c.Id, ct);
        }
        return null;
    }

    /// <summary>Extends the lease while the worker is alive; false when the job is no longer ours.</summary>
    public async Task<bool> RenewAsync(long jobId, string worker, CancellationToken ct = default)
    {
        var lease = clock.GetUtcNow() + options.Value.LeaseDuration;
        return await db.Jobs.Where(j => j.Id == jobId && j.Worker == worker && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, lease), ct) == 1;
    }

    /// <summary>Position in the queue, counting from 1, of a queued job.</summary>
    public Task<int> PositionAsync(GradingJob job, CancellationToken ct = default) =>
        db.Jobs.CountAsync(j => j.Status == JobStatus.Queued && j.QueuedAt <= job.QueuedAt, ct);

    /// <summary>
    /// Puts finished jobs back at the end of the queue for a re-grade. The old result stays until the new one replaces
    /// it, so a grade never disappears while it is being recomputed. Jobs still waiting or running are left alone.
    /// </summary>
    /// <returns>How many jobs were queued again.</returns>
    public Task<int> RequeueAsync(IReadOnlyCollection<long> submissionIds, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.Jobs
            .Where(j => submissionIds.Contains(j.SubmissionId) && j.Status != JobStatus.Queued && j.Status != JobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.QueuedAt, now)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.Worker, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.StartedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Message, (string?)null), ct);
    }
}
