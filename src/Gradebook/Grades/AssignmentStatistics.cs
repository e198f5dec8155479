using Course.Grader.Score;
using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>
/// How an assignment went: each student's gradebook cell bucketed by its fraction of the points, and how often each
/// test passed, in each student's first graded attempt and in every graded attempt. Built by
/// <see cref="GradebookService.StatisticsAsync"/>, so the chart and the gradebook agree on what counts. (Best attempts
/// would say little: students resubmit until a test passes, so nearly every bar would read 100%.)
/// </summary>
public sealed record AssignmentStatistics(string AssignmentId, double MaxPoints, IReadOnlyList<int> Buckets, IReadOnlyList<TestPassRate> Tests, int Students)
{
    /// <summary>How many graded submissions (and students) matched each known mistake: what to re-teach.</summary>
    public IReadOnlyList<MistakeCount> Mistakes { get; init; } = [];

    /// <summary>How many graded submissions the pass rates count; 0 says the assignment has none yet.</summary>
    public int GradedSubmissions { get; init; }

    /// <summary>Mean and median of the counted cells' points; null when no student has a grade.</summary>
    public double? Mean { get; init; }
    public double? Median { get; init; }

    public const int BucketCount = 10;

    /// <param name="cells">The graded or overridden cells of the assignment, one per student.</param>
    /// <param name="attempts">Every test of every graded submission of the assignment by a student on the roster.</param>
    /// <param name="matches">Every graded submission's matched mistake (name) and its student.</param>
    public static AssignmentStatistics From(LoadedAssignment assignment, IReadOnlyCollection<GradeCell> cells, IReadOnlyCollection<TestAttempt> attempts,
        IReadOnlyCollection<(string Mistake, string Student)> matches)
    {
        var buckets = new int[BucketCount];
        foreach (var cell in cells)
            buckets[Math.Min(BucketCount - 1, (int)(Math.Clamp(cell.Fraction, 0, 1) * BucketCount))]++;
        // A student's first attempt is their earliest graded submission (the lower id on a tie).
        var firsts = attempts.GroupBy(x => x.Student)
            .Select(g => g.OrderBy(x => x.SubmittedAt).ThenBy(x => x.SubmissionId).First().SubmissionId).ToHashSet();
        var byTest = attempts.ToLookup(x => x.Test);
        var tests = assignment.Manifest.Tests.Select(t =>
        {
            var all = byTest[t.Name].ToList();
            var first = all.Where(x => firsts.Contains(x.SubmissionId)).ToList();
            return new TestPassRate(t.Name, t.Visibility, Count(first), Count(all));
        }).ToList();
        var mistakes = assignment.Manifest.Mutants.Select(m => new MistakeCount(m.Name, m.Mistake, m.Hint,
            matches.Count(x => x.Mistake == m.Name), matches.Where(x => x.Mistake == m.Name).Select(x => x.Student).Distinct().Count())).ToList();
        var points = cells.Select(c => c.Points ?? 0).Order().ToList();
        double? median = points.Count == 0 ? null
            : points.Count % 2 == 1 ? points[points.Count / 2] : (points[points.Count / 2 - 1] + points[points.Count / 2]) / 2;
        return new AssignmentStatistics(assignment.Id, assignment.Manifest.Points, buckets, tests, cells.Count)
        {
            Mistakes = mistakes, Mean = points.Count > 0 ? points.Average() : null, Median = median,
            GradedSubmissions = attempts.Select(x => x.SubmissionId).Distinct().Count(),
        };
    }

    static PassCount Count(IReadOnlyCollection<TestAttempt> rows) => new(rows.Count(x => x.Status == TestOutcome.Passed), rows.Count);
}

/// <summary>How often one test passed: in the students' first graded attempts, and in all graded attempts.</summary>
public sealed record TestPassRate(string Name, Visibility Visibility, PassCount FirstAttempts, PassCount AllAttempts);

/// <summary>One known mistake of an assignment and how many graded submissions, from how many students, matched it.</summary>
public sealed record MistakeCount(string Name, string Mistake, string Hint, int Submissions, int Students);
