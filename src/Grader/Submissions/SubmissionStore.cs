using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The cap is counted inside the transaction, so two uploads at once cannot both take the last place: SQLite's write
        // transaction is exclusive, and on PostgreSQL a lock per student (held to the commit) orders them. The lock and the
        // file's row go in one round trip (Npgsql sends both statements together); refused, the transaction takes both back.
        var lockFirst = db.Database.IsNpgsql() ? "SELECT pg_advisory_xact_lock(hashtextextended({0}, 0)); " : "";
        await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
            lockFirst + """INSERT INTO "SubmissionFiles" ("ContentHash", "Content") VALUES ({1}, {2}) ON CONFLICT ("ContentHash") DO NOTHING""",
            student, hash, upload.Content), ct);
        // The cap's count is also the job's fair rank: how many of the student's jobs are ahead of it.
        submission.Job.Rank = await RefuseWhenFullAsync(student, ct);
        db.Submissions.Add(submission);
        // The transaction is ours and is taken back whole on failure, so EF Core's savepoint around the save (two more
        // round trips) buys nothing.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
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
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        // The database holds the bytes now; this machine's copy only saves a worker here the read.
        await CacheAsync(hash, upload.Content, CancellationToken.None);
        return submission;
    }

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
