using System.Security.Cryptography;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Course.Grader.Submissions;

/// <summary>
/// Accepts uploads: checks them, stores the bytes by content hash, and records the submission and
/// its queued job in one transaction, so nothing is queued that is not durable. A student with
/// <see cref="GraderOptions.MaxQueuedPerStudent"/> jobs still open is refused first (<see cref="QueueLimitException"/>).
/// </summary>
public sealed class SubmissionStore(GradingDbContext db, AssignmentCatalog catalog, IOptions<GraderOptions> options, TimeProvider clock,
    Evaluation.ProjectEvaluator projects)
{
    string Root => Path.Combine(Path.GetFullPath(options.Value.DataPath), "submissions");

    public async Task<Submission> SubmitAsync(string assignmentId, string student, SubmissionUpload upload, CancellationToken ct = default)
    {
        var assignment = catalog.Find(assignmentId) ?? throw new SubmissionRejectedException($"there is no assignment '{assignmentId}'");
        var waiting = await db.Jobs.CountAsync(j => j.Submission.Student == student && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), ct);
        if (waiting >= options.Value.MaxQueuedPerStudent) throw new QueueLimitException(waiting);
        // A project's predictions are read in full now, so a malformed file is refused before it costs an attempt.
        if (assignment.Manifest.GradesPredictions) projects.Check(assignment, upload);
        else SubmissionInspector.Inspect(upload, assignment.Manifest.Submission);
        var hash = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
        await CacheAsync(hash, upload.Content, ct);
        // The bytes go into the database with the submission (once per hash), so a worker on any machine can read them.
        var file = await db.Files.AnyAsync(f => f.ContentHash == hash, ct) ? null : new SubmissionFile { ContentHash = hash, Content = upload.Content };
        if (file is not null) db.Files.Add(file);
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
        db.Submissions.Add(submission);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (file is not null)
        {
            // The same bytes arrived in another upload at the same moment, and theirs was stored first: it serves both.
            db.Entry(file).State = EntityState.Detached;
            if (!await db.Files.AnyAsync(f => f.ContentHash == hash, ct)) throw;
            await db.SaveChangesAsync(ct);
        }
        return submission;
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
