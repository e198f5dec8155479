using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Queue;

/// <summary>
/// Estimates a queued job's wait from what the queue did lately: the median grading time of the last
/// <see cref="History"/> graded jobs of its assignment (of every assignment while it has fewer than
/// <see cref="FewestOfOne"/>), and the slots of the workers alive now.
/// </summary>
public sealed class WaitEstimator(GradingDbContext db, JobQueue queue, WorkerRegistry workers)
{
    public const int History = 50;
    public const int FewestOfOne = 5;

    public async Task<QueueWait> EstimateAsync(GradingJob job, string assignmentId, CancellationToken ct = default)
    {
        var position = await queue.PositionAsync(job, ct);
        var recent = await DurationsAsync(assignmentId, ct);
        if (recent.Count < FewestOfOne) recent = await DurationsAsync(null, ct);
        return new QueueWait(position, Median(recent), await workers.LiveSlotsAsync(ct));
    }

    async Task<List<TimeSpan>> DurationsAsync(string? assignmentId, CancellationToken ct)
    {
        var graded = db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Graded && j.StartedAt != null && j.FinishedAt != null);
        if (assignmentId is not null) graded = graded.Where(j => j.Submission.AssignmentId == assignmentId);
        var rows = await graded.OrderByDescending(j => j.FinishedAt).Take(History)
            .Select(j => new { Started = j.StartedAt!.Value, Finished = j.FinishedAt!.Value }).ToListAsync(ct);
        // A clock that stepped back must not make a grade negative.
        return rows.Select(r => r.Finished - r.Started).Where(d => d >= TimeSpan.Zero).ToList();
    }

    static TimeSpan? Median(List<TimeSpan> durations)
    {
        if (durations.Count == 0) return null;
        durations.Sort();
        var mid = durations.Count / 2;
        return durations.Count % 2 == 1 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
    }
}
