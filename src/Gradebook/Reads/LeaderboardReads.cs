using Course.Contracts.Manifest;
using Course.Gradebook.Data;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Reads;

/// <summary>
/// Builds a project's leaderboard, as Kaggle does: each student's best macro-F1 on the public part of the test set
/// while the project is open, and on the private part once it has closed for everyone (the due date and every
/// extension past), so no one still working sees a private figure. Names are shown only for students who chose one.
/// </summary>
public sealed class LeaderboardReads(GradingDbContext grading, CourseDbContext course, AssignmentCatalog catalog, TimeProvider clock)
{
    /// <returns>Null when the assignment has no leaderboard (it is not scored on a public and a private part).</returns>
    public async Task<Leaderboard?> BuildAsync(string assignmentId, string? viewer, CancellationToken ct = default)
    {
        if (catalog.Find(assignmentId) is not { } assignment || !assignment.Manifest.GradesPredictions) return null;
        var tests = assignment.Manifest.Tests;
        if (tests.FirstOrDefault(t => t.Part == TestPart.Public) is not { } open || tests.FirstOrDefault(t => t.Part == TestPart.Private) is not { } closed)
            return null;
        var extensions = await course.DeadlineExtensions.AsNoTracking().Where(x => x.AssignmentId == assignment.Id).Select(x => x.Due).ToListAsync(ct);
        var privateFrom = extensions.Append(assignment.Manifest.Due).Max();
        var test = clock.GetUtcNow() >= privateFrom ? closed : open;
        var scores = await (from s in grading.Submissions.AsNoTracking()
                            join r in grading.Results.AsNoTracking() on s.Id equals r.SubmissionId
                            from t in r.Tests
                            where s.AssignmentId == assignment.Id && t.Name == test.Name && t.Metric != null
                            select new { s.Student, Metric = t.Metric!.Value }).ToListAsync(ct);
        var best = scores.GroupBy(x => x.Student)
            .Select(g => (Student: g.Key, MacroF1: g.Max(x => x.Metric), Count: g.Count()))
            .OrderByDescending(x => x.MacroF1).ThenBy(x => x.Student, StringComparer.Ordinal).ToList();
        var students = best.Select(b => b.Student).ToList();
        var names = await course.Users.AsNoTracking().Where(u => students.Contains(u.Email!))
            .ToDictionaryAsync(u => u.Email!, u => u.LeaderboardName, ct);
        // Equal figures share a rank; the next rank counts everyone above it.
        var rows = best.Select(b => new Leaderboard.Row(1 + best.Count(o => o.MacroF1 > b.MacroF1), names.GetValueOrDefault(b.Student),
            b.MacroF1, b.Count, b.Student == viewer)).ToList();
        return new Leaderboard(assignment.Id, test.Name, test.Part, privateFrom, rows);
    }
}
