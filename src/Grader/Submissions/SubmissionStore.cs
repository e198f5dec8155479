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
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            await File.WriteAllBytesAsync(temp, upload.Content, ct);
            File.Move(temp, path, overwrite: true);
        }
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
        await db.SaveChangesAsync(ct);
        return submission;
    }

    public async Task<SubmissionUpload> LoadAsync(Submission submission, CancellationToken ct = default) =>
        new(submission.FileName, await File.ReadAllBytesAsync(PathOf(submission.ContentHash), ct));

    string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);
}
