using Course.Contracts.Manifest;
using Course.Gradebook.Data;
using Course.Grader.Data;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Reads;

/// <summary>What the portal's pages and endpoints read about submissions; they never query a DbContext themselves.</summary>
public sealed class SubmissionReads(GradingDbContext grading, CourseDbContext course, AssignmentCatalog catalog,
    WaitEstimator waits)
{
    /// <summary>The submission with its job and result, or null when there is none with that id.</summary>
    public async Task<SubmissionDetail?> GetAsync(long id, CancellationToken ct = default)
    {
        var submission = await grading.Submissions.AsNoTracking().Include(s => s.Job).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (submission?.Job is not { } job) return null;
        var result = await grading.Results.AsNoTracking().Include(r => r.Tests).SingleOrDefaultAsync(r => r.SubmissionId == id, ct);
        var wait = job.Status == JobStatus.Queued ? await waits.EstimateAsync(job, submission.AssignmentId, ct) : null;
        return new SubmissionDetail(submission, job, result, wait?.Position, await DueAsync(submission.Student, submission.AssignmentId, ct))
            { Wait = wait };
    }

    /// <summary>The submission's row only (for access checks and its file).</summary>
    public Task<Submission?> FindAsync(long id, CancellationToken ct = default) =>
        grading.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>A student's attempts on one assignment, newest first, each with its job and result.</summary>
    public async Task<List<Submission>> HistoryAsync(string assignmentId, string student, CancellationToken ct = default) =>
        (await grading.Submissions.AsNoTracking().Include(s => s.Job).Include(s => s.Result)
            .Where(s => s.AssignmentId == assignmentId && s.Student == student).ToListAsync(ct))
        .OrderByDescending(s => s.Id).ToList();

    /// <summary>For the student's dashboard: per assignment, their latest attempt's id and job status, and how many attempts they made.</summary>
    public async Task<Dictionary<string, LatestAttempt>> LatestAttemptsAsync(string student, CancellationToken ct = default)
    {
        var mine = await grading.Submissions.AsNoTracking().Where(s => s.Student == student)
            .Select(s => new { s.Id, s.AssignmentId, Status = s.Job == null ? (JobStatus?)null : s.Job.Status }).ToListAsync(ct);
        return mine.GroupBy(s => s.AssignmentId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.MaxBy(s => s.Id)!;
            return new LatestAttempt(latest.Id, latest.Status, g.Count());
        });
    }

    public Task<int> CountAsync(string assignmentId, CancellationToken ct = default) =>
        grading.Submissions.CountAsync(s => s.AssignmentId == assignmentId, ct);

    /// <summary>The due date that applies to this student: their extension, else the manifest's.</summary>
    public async Task<DateTimeOffset> DueAsync(string student, string assignmentId, CancellationToken ct = default)
    {
        var extension = await course.DeadlineExtensions.AsNoTracking()
            .SingleOrDefaultAsync(x => x.Student == student && x.AssignmentId == assignmentId, ct);
        return extension?.Due ?? catalog.Find(assignmentId)?.Manifest.Due ?? DateTimeOffset.MaxValue;
    }
}
