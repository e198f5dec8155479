using System.Text.Json;
using Course.Grader.Data;
using Course.Grader.Score;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Queue;

/// <summary>
/// Closes a job: with its grade, in one transaction, or with another final status. Only the worker that holds the job's
/// lease can close it, so a worker that lost its lease never overwrites the work of the one that re-claimed the job.
/// </summary>
public sealed class ResultWriter(GradingDbContext db, TimeProvider clock)
{
    /// <returns>False when the lease was lost: nothing was written.</returns>
    public async Task<bool> WriteGradedAsync(GradingJob job, string worker, GradeReport report, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var closed = await db.Jobs.Where(j => j.Id == job.Id && j.Worker == worker && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Graded).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Message, report.Output).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct);
        if (closed != 1) return false; // the lease was lost and someone else has the job
        await db.Results.Where(r => r.SubmissionId == job.SubmissionId).ExecuteDeleteAsync(ct);
        db.Results.Add(new GradeResult
        {
            SubmissionId = job.SubmissionId,
            Score = report.Score,
            MaxScore = report.MaxScore,
            Summary = report.Output,
            LogJson = JsonSerializer.Serialize(report.Log),
            ProvenanceJson = JsonSerializer.Serialize(report.Provenance),
            GradedAt = now,
            MistakeName = report.Mistake?.Name,
            MistakeHint = report.Mistake?.Hint,
            ImportError = report.ImportFailure?.Message,
            ImportTraceback = report.ImportFailure?.Traceback,
            Tests = report.Tests.Select((t, i) => new TestResultRow
            {
                Order = i, Name = t.Name, Status = t.Status, Score = t.Score, MaxScore = t.MaxScore, Output = t.Output, Visibility = t.Visibility, Metric = t.Metric,
            }).ToList(),
        });
        await db.SaveChangesAsync(ct);
        await JobChangeNotice.SendAsync(db, job.Id, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Closes the job without a grade (e.g. <see cref="JobStatus.Rejected"/>), keeping the message.</summary>
    /// <returns>False when the lease was lost: nothing was written.</returns>
    public async Task<bool> FinishAsync(GradingJob job, string worker, JobStatus status, string message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var closed = await db.Jobs.Where(j => j.Id == job.Id && j.Worker == worker && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.Message, message)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct) == 1;
        if (closed) await JobChangeNotice.SendAsync(db, job.Id, ct);
        return closed;
    }
}
