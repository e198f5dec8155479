using System.Linq.Expressions;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Course.Grader.Queue;

/// <summary>
/// The grading queue in the database. A worker claims the first due job in fair order (see <see cref="InFairOrder"/>): on
/// PostgreSQL in one statement with <c>FOR UPDATE SKIP LOCKED</c>, on SQLite with a conditional update, so two workers
/// never hold the same job. A job whose grading failed through the grader's fault goes to the back of the queue
/// after a back-off; one whose lease ran out (its worker died) goes to the back at once. Either way each try counts, and
/// after <see cref="GraderOptions.MaxAttempts"/> the job is marked failed with the reason.
/// </summary>
public sealed class JobQueue(GradingDbContext db, IOptions<GraderOptions> options, TimeProvider clock)
{
    /// <summary>Claims the next job for a worker that holds no free GPU: one whose assignment requires a GPU is left for another.</summary>
    public Task<GradingJob?> ClaimNextAsync(string worker, CancellationToken ct = default) => ClaimNextAsync(worker, gpuFree: false, ct);

    /// <param name="gpuFree">Whether the worker holds a GPU lease for this job; only then may it take a job that requires one.</param>
    public async Task<GradingJob?> ClaimNextAsync(string worker, bool gpuFree, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await ReleaseExpiredAsync(now, ct);
        var lease = now + options.Value.LeaseDuration;
        var id = db.Database.IsNpgsql()
            ? await ClaimOnPostgresAsync(worker, now, lease, gpuFree, ct)
            : await ClaimByConditionalUpdateAsync(worker, now, lease, gpuFree, ct);
        return id is null ? null : await db.Jobs.AsNoTracking().Include(j => j.Submission).SingleAsync(j => j.Id == id, ct);
    }

    /// <summary>
    /// PostgreSQL: one statement picks the first job in fair order that no other transaction holds (SKIP LOCKED) and
    /// claims it, so any number of workers on any number of machines share the queue without waiting on each other.
    /// The outer condition on the status guards a row another worker claimed between the snapshot and the lock.
    /// (Hand-written: EF Core's LINQ has no <c>FOR UPDATE SKIP LOCKED</c>.)
    /// </summary>
    async Task<long?> ClaimOnPostgresAsync(string worker, DateTimeOffset now, DateTimeOffset lease, bool gpuFree, CancellationToken ct)
    {
        var claimed = await db.Database.SqlQuery<long>($"""
            UPDATE "Jobs" SET "Status" = 'Running', "Worker" = {worker}, "LeaseUntil" = {lease}, "StartedAt" = {now}, "Attempts" = "Attempts" + 1
            WHERE "Status" = 'Queued' AND "Id" = (
                SELECT "Id" FROM "Jobs"
                WHERE "Status" = 'Queued' AND "QueuedAt" <= {now} AND ({gpuFree} OR "Gpu" <> 'required')
                ORDER BY "Rank", "QueuedAt", "Id"
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);
        if (claimed.Count != 1) return null;
        await JobChangeNotice.SendAsync(db, claimed[0], ct);
        return claimed[0];
    }

    /// <summary>SQLite (one writer at a time): read the first few in fair order, then claim one with a conditional update.</summary>
    async Task<long?> ClaimByConditionalUpdateAsync(string worker, DateTimeOffset now, DateTimeOffset lease, bool gpuFree, CancellationToken ct)
    {
        var candidates = await InFairOrder(db.Jobs.Where(j => j.Status == JobStatus.Queued && j.QueuedAt <= now && (gpuFree || j.Gpu != GpuMode.Required)))
            .Select(j => new { j.Id, j.Attempts }).Take(5).ToListAsync(ct);
        foreach (var c in candidates)
        {
            // Attempts grows with every claim, so it also tells a job that went through a claim and a retry since it was read.
            var claimed = await db.Jobs
                .Where(j => j.Id == c.Id && j.Status == JobStatus.Queued && j.Attempts == c.Attempts)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.Worker, worker)
                    .SetProperty(j => j.LeaseUntil, lease)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1) return c.Id;
        }
        return null;
    }

    /// <summary>
    /// Fair order: by <see cref="GradingJob.Rank"/> (the student's jobs open when this one joined), then arrival. At a
    /// deadline a student's second job waits behind every other student's first, and keeps that place while the first
    /// is graded. The same order is written in SQL in <see cref="ClaimOnPostgresAsync"/>.
    /// </summary>
    public static IOrderedQueryable<GradingJob> InFairOrder(IQueryable<GradingJob> jobs) => jobs.OrderBy(j => j.Rank).ThenBy(j => j.QueuedAt).ThenBy(j => j.Id);

    /// <summary>A student's open jobs (queued, or being graded): the cap counts them, and a job joining the queue ranks by them.</summary>
    public static IQueryable<GradingJob> OpenJobsOf(GradingDbContext db, string student) => db.Jobs.Where(IsOpen).Where(j => j.Submission.Student == student);

    /// <summary>Queued, or being graded: a job not yet finished.</summary>
    public static readonly Expression<Func<GradingJob, bool>> IsOpen = j => j.Status == JobStatus.Queued || j.Status == JobStatus.Running;

    /// <summary>Extends the lease while the worker is alive; false when the job is no longer ours.</summary>
    public async Task<bool> RenewAsync(long jobId, string worker, CancellationToken ct = default)
    {
        var lease = clock.GetUtcNow() + options.Value.LeaseDuration;
        return await db.Jobs.Where(j => j.Id == jobId && j.Worker == worker && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, lease), ct) == 1;
    }

    /// <summary>
    /// After a grader failure on <paramref name="job"/>: queues it again at the back, due after a back-off that doubles with
    /// each attempt, or marks it failed when its attempts are spent. The reason is kept for TAs either way.
    /// </summary>
    /// <returns>The job's new status, or null when the lease was lost and the job is no longer this worker's to change.</returns>
    public async Task<JobStatus?> RetryAsync(GradingJob job, string worker, string reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var max = options.Value.MaxAttempts;
        var mine = db.Jobs.Where(j => j.Id == job.Id && j.Worker == worker && j.Status == JobStatus.Running);
        if (job.Attempts >= max)
        {
            var failed = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Failed)
                .SetProperty(j => j.Message, $"grader failure, gave up after {job.Attempts} attempts: {reason}")
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct);
            return failed == 1 ? JobStatus.Failed : null;
        }
        var backoff = BackoffAfter(job.Attempts);
        var queued = await mine.ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Queued)
            .SetProperty(j => j.QueuedAt, now + backoff)
            .SetProperty(j => j.Rank, OthersOpen)
            .SetProperty(j => j.Message, $"grader failure (attempt {job.Attempts} of {max}), retried after {backoff.TotalSeconds:0} s: {reason}")
            .SetProperty(j => j.Worker, (string?)null)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.StartedAt, (DateTimeOffset?)null), ct);
        return queued == 1 ? JobStatus.Queued : null;
    }

    /// <summary>
    /// Gives a job back untouched when its worker stops (the host is shutting down): it keeps its place, and the
    /// interrupted try does not count. False when the lease was already lost.
    /// </summary>
    public async Task<bool> ReleaseAsync(GradingJob job, string worker, CancellationToken ct = default) =>
        await db.Jobs.Where(j => j.Id == job.Id && j.Worker == worker && j.Status == JobStatus.Running && j.Attempts > 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.Worker, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.StartedAt, (DateTimeOffset?)null), ct) == 1;

    /// <summary>
    /// The rank of a job re-joining the queue (a retry, a lost lease): its student's other open jobs. It is open itself
    /// before and after, so a statement re-queueing several jobs counts the same whichever rows it has already changed.
    /// </summary>
    Expression<Func<GradingJob, int>> OthersOpen =>
        // The job's student through SubmissionId, not job.Submission: EF Core cannot follow a navigation of the updated row.
        job => db.Jobs.Where(IsOpen).Count(o => o.Id != job.Id && db.Submissions.Any(s => s.Id == job.SubmissionId && s.Student == o.Submission.Student));

    /// <summary>How long a job waits after its <paramref name="attempt"/>-th try failed.</summary>
    public TimeSpan BackoffAfter(int attempt) => options.Value.RetryBackoff * Math.Pow(2, Math.Max(0, attempt - 1));

    /// <summary>
    /// Position in the queue, counting from 1, of a queued job, in the fair order workers claim in. At least 1: a worker
    /// may claim the job between the caller reading it as queued and this count, and "position 0" means nothing to a student.
    /// </summary>
    public async Task<int> PositionAsync(GradingJob job, CancellationToken ct = default)
    {
        // The caller has just read the job (or made it): its rank and arrival place it, in one count.
        var (rank, queuedAt, id) = (job.Rank, job.QueuedAt, job.Id);
        return 1 + await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued && j.Id != id && (j.Rank < rank
            || (j.Rank == rank && (j.QueuedAt < queuedAt || (j.QueuedAt == queuedAt && j.Id < id)))), ct);
    }

    /// <summary>
    /// Puts finished jobs back at the end of the queue for a re-grade. The old result stays until the new one replaces
    /// it, so a grade never disappears while it is being recomputed. Jobs still waiting or running are left alone.
    /// </summary>
    /// <returns>How many jobs were queued again.</returns>
    public async Task<int> RequeueAsync(IReadOnlyCollection<long> submissionIds, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // The gradebook calls this inside its own transaction (with the audit entry); otherwise it opens one.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var again = await db.Jobs.AsNoTracking()
            .Where(j => submissionIds.Contains(j.SubmissionId) && j.Status != JobStatus.Queued && j.Status != JobStatus.Running)
            .OrderBy(j => j.Id).Select(j => new { j.Id, j.Submission.Student }).ToListAsync(ct);
        var students = again.Select(j => j.Student).Distinct().ToList();
        var open = await db.Jobs.Where(IsOpen).Where(j => students.Contains(j.Submission.Student))
            .GroupBy(j => j.Submission.Student).Select(g => new { Student = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Student, g => g.Count, ct);
        // A student's re-graded jobs join one behind the other (after their jobs already open), so a re-grade of the whole
        // class interleaves the students as a deadline does. One statement per rank: few, however large the class.
        var ranks = again.GroupBy(j => j.Student)
            .SelectMany(g => g.Select((j, i) => (j.Id, Rank: open.GetValueOrDefault(g.Key) + i)))
            .GroupBy(j => j.Rank, j => j.Id);
        var queued = 0;
        foreach (var rank in ranks)
        {
            var ids = rank.ToList();
            queued += await db.Jobs
                .Where(j => ids.Contains(j.Id) && j.Status != JobStatus.Queued && j.Status != JobStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Queued)
                    .SetProperty(j => j.QueuedAt, now)
                    .SetProperty(j => j.Rank, rank.Key)
                    .SetProperty(j => j.Attempts, 0)
                    .SetProperty(j => j.Worker, (string?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.StartedAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.Message, (string?)null), ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return queued;
    }

    /// <summary>
    /// Jobs whose lease ran out lost their worker: each goes to the back of the queue as of the moment its lease ended
    /// (the try it was on counts), or is marked failed once its attempts are spent, so a submission that keeps killing
    /// its worker cannot hold the queue.
    /// </summary>
    async Task ReleaseExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.MaxAttempts;
        var expired = db.Jobs.Where(j => j.Status == JobStatus.Running && j.LeaseUntil < now);
        await expired.Where(j => j.Attempts >= max).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Failed)
            .SetProperty(j => j.Message, $"grader failure, gave up after {max} attempts: the worker grading it stopped answering")
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), ct);
        await expired.Where(j => j.Attempts < max).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Queued)
            .SetProperty(j => j.QueuedAt, j => j.LeaseUntil!.Value)
            .SetProperty(j => j.Rank, OthersOpen)
            .SetProperty(j => j.Message, "the worker grading it stopped answering; queued again")
            .SetProperty(j => j.Worker, (string?)null)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.StartedAt, (DateTimeOffset?)null), ct);
    }
}
