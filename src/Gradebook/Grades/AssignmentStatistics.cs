using Course.Grader.Score;
using Course.Contracts.Manifest;
using Course.Grader.Data;

namespace Course.Gradebook.Grades;

/// <summary>
/// How an assignment went: each student's gradebook cell bucketed by its fraction of the points, and how often each
/// test passed in the attempts those cells count. Built by <see cref="GradebookService.StatisticsAsync"/>, so the
/// chart and the gradebook agree on what "best attempt" means.
/// </summary>
public sealed record AssignmentStatistics(string AssignmentId, double MaxPoints, IReadOnlyList<int> Buckets, IReadOnlyList<TestPassRate> Tests, int Students)
{
    /// <summary>How many graded submissions (and students) matched each known mistake: what to re-teach.</summary>
    public IReadOnlyList<MistakeCount> Mistakes { get; init; } = [];

    /// <summary>Mean and median of the counted cells' points; null when no student has a grade.</summary>
    public double? Mean { get; init; }
    public double? Median { get; init; }

    public const int BucketCount = 10;

    /// <param name="cells">The graded or overridden cells of the assignment, one per student.</param>
    /// <param name="countedTests">The test rows of the attempts those cells count.</param>
    /// <param name="matches">Every graded submission's matched mistake (name) and its student.</param>
    public static AssignmentStatistics From(LoadedAssignment assignment, IReadOnlyCollection<GradeCell> cells, IReadOnlyCollection<TestResultRow> countedTests,
        IReadOnlyCollection<(string Mistake, string Student)> matches)
    {
        var buckets = new int[BucketCount];
        foreach (var cell in cells)
            buckets[Math.Min(BucketCount - 1, (int)(Math.Clamp(cell.Fraction, 0, 1) * BucketCount))]++;
        var tests = assignment.Manifest.Tests.Select(t =>
        {
            var rows = countedTests.Where(x => x.Name == t.Name).ToList();
            return new TestPassRate(t.Name, t.Visibility, rows.Count(x => x.Status == TestOutcome.Passed), rows.Count);
        }).ToList();
        var mistakes = assignment.Manifest.Mutants.Select(m => new MistakeCount(m.Name, m.Mistake, m.Hint,
            matches.Count(x => x.Mistake == m.Name), matches.Where(x => x.Mistake == m.Name).Select(x => x.Student).Distinct().Count())).ToList();
        var points = cells.Select(c => c.Points ?? 0).Order().ToList();
        double? median = points.Count == 0 ? null
            : points.Count % 2 == 1 ? points[points.Count / 2] : (points[points.Count / 2 - 1] + points[points.Count / 2]) / 2;
        return new AssignmentStatistics(assignment.Id, assignment.Manifest.Points, buckets, tests, cells.Count)
        {
            Mistakes = mistakes, Mean = points.Count > 0 ? points.Average() : null, Median = median,
        };
    }
}

/// <summary>How many of the counted attempts passed one test.</summary>
public sealed record TestPassRate(string Name, Visibility Visibility, int Passed, int Attempts)
{
    public double Rate => Attempts > 0 ? (double)Passed / Attempts : 0;
}

/// <summary>One known mistake of an assignment and how many graded submissions, from how many students, matched it.</summary>
public sealed record MistakeCount(string Name, string Mistake, string Hint, int Submissions, int Students);
