using Course.Grader.Data;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Reads;

/// <summary>Reads the queue for the staff's live queue page.</summary>
public sealed class QueueReads(GradingDbContext grading, WorkerRegistry workers, TimeProvider clock)
{
    public const int FinishedShown = 20;

    public async Task<QueueSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        var open = await grading.Jobs.AsNoTracking().Include(j => j.Submission)
            .Where(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Running).ToListAsync(ct);
        var finished = await grading.Jobs.AsNoTracking().Include(j => j.Submission)
            .Where(j => j.Status != JobStatus.Queued && j.Status != JobStatus.Running)
            .OrderByDescending(j => j.Id).Take(FinishedShown).ToListAsync(ct);
        return new QueueSnapshot(
            open.Where(j => j.Status == JobStatus.Running).OrderBy(j => j.StartedAt).ToList(),
            open.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.QueuedAt).ToList(),
            finished,
            await workers.ListAsync(ct),
            clock.GetUtcNow());
    }
}
