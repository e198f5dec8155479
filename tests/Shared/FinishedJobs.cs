using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Tests.Shared;

/// <summary>Polls a grading store until its jobs have finished (graded, rejected or failed).</summary>
public static class FinishedJobs
{
    /// <summary>
    /// Waits until <paramref name="count"/> jobs (of <paramref name="submissions"/>' when given) are no longer queued or
    /// running, or <paramref name="limit"/> has passed; returns every such job either way, finished or not, for the caller
    /// to judge.
    /// </summary>
    public static async Task<List<GradingJob>> WaitAsync(Func<GradingDbContext> open, int count, TimeSpan limit,
        IReadOnlyCollection<long>? submissions = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            await using var db = open();
            var query = db.Jobs.AsNoTracking();
            if (submissions is not null) query = query.Where(j => submissions.Contains(j.SubmissionId));
            var jobs = await query.ToListAsync(ct);
            if (jobs.Count(j => j.Status is not (JobStatus.Queued or JobStatus.Running)) >= count || DateTime.UtcNow > deadline) return jobs;
            await Task.Delay(250, ct);
        }
    }
}
