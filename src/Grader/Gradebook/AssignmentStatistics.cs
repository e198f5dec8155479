using Course.Grader.Data;
using Course.Contracts.Manifest;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Gradebook;

/// <summary>How an assignment went: each student's best graded attempt, bucketed by score, and how often each test passed in those attempts.</summary>
public sealed record AssignmentStatistics(string AssignmentId, double MaxPoints, IReadOnlyList<int> Buckets, IReadOnlyList<TestPassRate> Tests, int Students)
{
    public const int BucketCount = 10;

    public static async Task<AssignmentStatistics> ComputeAsync(GradingDbContext db, LoadedAssignment assignment, CancellationToken ct = default)
    {
        var graded = await db.Results.AsNoTracking().Include(r => r.Tests)
            .Join(db.Submissions.Where(s => s.AssignmentId == assignment.Id), r => r.SubmissionId, s => s.Id, (r, s) => new { s.Student, s.Id, Result = r })
            .ToListAsync(ct);
        // Best attempt per student; the later one on a tie.
        var best = graded.GroupBy(g => g.Student)
            .Select(g => g.OrderByDescending(x => x.Result.MaxScore > 0 ? x.Result.Score / x.Result.MaxScore : 0).ThenByDescending(x => x.Id).First().Result)
            .ToList();
        var buckets = new int[BucketCount];
        foreach (var r in best)
        {
            var fraction = r.MaxScore > 0 ? Math.Clamp(r.Score / r.MaxScore, 0, 1) : 0;
            buckets[Math.Min(BucketCount - 1, (int)(fraction * BucketCount))]++;
        }
        var tests = assignment.Manifest.Tests.Select(t =>
        {
            var rows = best.Select(r => r.Tests.FirstOrDefault(x => x.Name == t.Name)).OfType<TestResultRow>().ToList();
            return new TestPassRate(t.Name, t.Visibility, rows.Count(x => x.Status == "passed"), rows.Count);
        }).ToList();
        return new AssignmentStatistics(assignment.Id, assignment.Manifest.Points, buckets, tests, best.Count);
    }
}

/// <summary>How many of the students' best attempts passed one test.</summary>
public sealed record TestPassRate(string Name, string Visibility, int Passed, int Attempts)
{
    public double Rate => Attempts > 0 ? (double)Passed / Attempts : 0;
}
