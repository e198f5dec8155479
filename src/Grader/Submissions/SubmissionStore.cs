using System.Security.Cryptography;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.Options;

namespace Course.Grader.Submissions;

/// <summary>
/// Accepts uploads: checks them, stores the bytes by content hash, and records the submission and
/// its queued job in one transaction, so nothing is queued that is not durable. A student with
/// <see cref="GraderOptions.MaxQueuedPerStudent"/> jobs still open is refused (<see cref="QueueLimitException"/>), and
/// nothing of the upload is kept.
/// </summary>
public sealed class SubmissionStore(GradingDbContext db, AssignmentCatalog catalog, IOptions<GraderOptions> options, TimeProvider clock,
    Evaluation.ProjectEvaluator projects)
{
    string Root => Path.Combine(Path.GetFullPath(options.Value.DataPath), "submissions");

    public async Task<Submission> SubmitAsync(string assignmentId, string student, SubmissionUpload upload, CancellationToken ct = default)
    {
        var assignment = catalog.Find(assignmentId) ?? throw new SubmissionRejectedException($"there is no assignment '{assignmentId}'");
        // A project's predictions are read in full now, so a malformed file is refused before it costs an attempt.
        if (assignment.Manifest.GradesPredictions) projects.Check(assignment, upload);
        else SubmissionInspector.Inspect(upload, assignment.Manifest.Submission);
        var hash = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
        var now = clock.GetUtcNow();
        var submission = new Submission
        {
            AssignmentId = assignment.Id,
            Student = student,
            FileName = Path.GetFileName(upload.FileName),
            ContentHash = hash,
            SizeBytes = upload.Content.LongLength,
            SubmittedAt = now,
            Job = new GradingJob { Status = JobStatus.Queued, QueuedAt = now, Gpu = assignment.Manifest.Sandbox.Gpu },
        };
        // The bytes go into the database with the submission (once per hash), so a worker on any machine can read them;
        // the same bytes uploaded before, or by someone else at this moment, already serve.
        if (db.Database.IsNpgsql()) await InsertOnPostgresAsync(submission, upload.Content, ct);
        else await InsertAsync(submission, upload.Content, ct);
        // The database holds the bytes now; this machine's copy only saves a worker here the read.
        await CacheAsync(hash, upload.Content, CancellationToken.None);
        return submission;
    }

    /// <summary>
    /// Through EF Core, in a transaction of its own. The cap is counted inside it, so two uploads at once cannot both take
    /// the last place: SQLite's write transaction is exclusive.
    /// </summary>
    async Task InsertAsync(Submission submission, byte[] content, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "SubmissionFiles" ("ContentHash", "Content") VALUES ({submission.ContentHash}, {content}) ON CONFLICT ("ContentHash") DO NOTHING""", ct);
        // The cap's count is also the job's fair rank: how many of the student's jobs are ahead of it.
        submission.Job!.Rank = await RefuseWhenFullAsync(submission.Student, ct);
        db.Submissions.Add(submission);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            // Nothing was stored: the rows must not linger in this scope's context, to be saved by its next caller.
            db.Entry(submission.Job).State = EntityState.Detached;
            db.Entry(submission).State = EntityState.Detached;
            throw;
        }
    }

    /// <summary>
    /// The same in one round trip, for PostgreSQL, where a deadline's uploads wait on round trips more than on anything
    /// else (docs/scaling.md: through EF Core an upload took five, and the portal spent most of its time sending them).
    /// Written in SQL by hand because EF Core sends a submission and its job separately (the job needs the submission's
    /// generated key) and cannot make an insert depend on a count. Two statements, sent together as one implicit
    /// transaction (Npgsql's batch: one fails, both are taken back): the student's lock, held to the end, orders two
    /// uploads of one student; the second statement starts after it is granted, so its count sees every upload that held
    /// it before, and inserts the file's row, the submission and its job only while the count is under the cap.
    /// </summary>
    async Task InsertOnPostgresAsync(Submission submission, byte[] content, CancellationToken ct)
    {
        var job = submission.Job!;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction())
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))") { Parameters = { new() { Value = submission.Student } } },
                    new NpgsqlBatchCommand(InsertUnderCapSql)
                    {
                        Parameters =
                        {
                            new() { Value = submission.Student },
                            // The statuses of JobQueue.IsOpen.
                            new() { Value = new[] { nameof(JobStatus.Queued), nameof(JobStatus.Running) } },
                            new() { Value = options.Value.MaxQueuedPerStudent },
                            new() { Value = submission.ContentHash },
                            new() { Value = content },
                            new() { Value = submission.AssignmentId },
                            new() { Value = submission.FileName },
                            new() { Value = submission.SizeBytes },
                            new() { Value = submission.SubmittedAt },
                            new() { Value = job.Status.ToString() },
                            new() { Value = job.QueuedAt },
                            new() { Value = job.Gpu.ToName() },
                        },
                    },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // past the lock's empty row
            await reader.ReadAsync(ct);
            var open = reader.GetInt32(0);
            if (reader.IsDBNull(1)) throw new QueueLimitException(open);
            (submission.Id, job.Id, job.SubmissionId, job.Rank) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(1), open);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        // As EF Core would have left them: tracked, as stored.
        db.Attach(submission);
    }

    // Column for column what EF Core writes for a new Submission and its GradingJob (GradingDbContext's mapping); a
    // job's rank is the count of the student's open jobs (JobQueue.OpenJobsOf).
    const string InsertUnderCapSql = """
        WITH open AS (
            SELECT count(*)::int AS n FROM "Jobs" j JOIN "Submissions" s ON s."Id" = j."SubmissionId"
            WHERE s."Student" = $1 AND j."Status" = ANY($2)),
        file AS (
            INSERT INTO "SubmissionFiles" ("ContentHash", "Content") SELECT $4, $5 FROM open WHERE open.n < $3
            ON CONFLICT ("ContentHash") DO NOTHING),
        submission AS (
            INSERT INTO "Submissions" ("AssignmentId", "Student", "FileName", "ContentHash", "SizeBytes", "SubmittedAt")
            SELECT $6, $1, $7, $4, $8, $9 FROM open WHERE open.n < $3
            RETURNING "Id"),
        job AS (
            INSERT INTO "Jobs" ("SubmissionId", "Status", "QueuedAt", "Gpu", "Rank", "Attempts")
            SELECT submission."Id", $10, $11, $12, open.n, 0 FROM submission, open
            RETURNING "Id")
        SELECT open.n, submission."Id", job."Id" FROM open LEFT JOIN submission ON true LEFT JOIN job ON true
        """;

    /// <returns>How many of the student's jobs are open.</returns>
    async Task<int> RefuseWhenFullAsync(string student, CancellationToken ct)
    {
        var waiting = await JobQueue.OpenJobsOf(db, student).CountAsync(ct);
        if (waiting >= options.Value.MaxQueuedPerStudent) throw new QueueLimitException(waiting);
        return waiting;
    }

    /// <summary>The upload's bytes: from this machine's cache when it has them, else from the database (then cached).</summary>
    public async Task<SubmissionUpload> LoadAsync(Submission submission, CancellationToken ct = default)
    {
        var path = PathOf(submission.ContentHash);
        if (File.Exists(path)) return new(submission.FileName, await File.ReadAllBytesAsync(path, ct));
        var content = await db.Files.AsNoTracking().Where(f => f.ContentHash == submission.ContentHash).Select(f => f.Content).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"the file of submission {submission.Id} ({submission.ContentHash}) is in neither the database nor {Root}");
        await CacheAsync(submission.ContentHash, content, ct);
        return new(submission.FileName, content);
    }

    /// <summary>Writes the bytes under their hash, through a temporary file, so a reader never sees half a file.</summary>
    async Task CacheAsync(string hash, byte[] content, CancellationToken ct)
    {
        var path = PathOf(hash);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);
}
