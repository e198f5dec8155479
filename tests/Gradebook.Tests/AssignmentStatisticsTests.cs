using Course.Contracts.Manifest;
using Course.Gradebook.Grades;
using Course.Grader.Score;

namespace Course.Gradebook.Tests;

public sealed class AssignmentStatisticsTests
{
    static readonly DateTimeOffset Due = new(2027, 2, 5, 23, 59, 0, TimeSpan.Zero);
    static readonly LoadedAssignment A = new(new AssignmentManifest { Id = "a", Title = "a", Due = Due, Tests = [new TestSpec { Name = "t", Points = 50 }] }, "/x/a", "h");

    static GradeCell Cell(double points) => new("a", CellState.Graded, points, 50, Due);

    [Fact]
    public void Mean_and_median_are_of_the_counted_points_with_the_median_of_an_even_count_halfway()
    {
        var stats = AssignmentStatistics.From(A, [Cell(10), Cell(40), Cell(20), Cell(50)], [], []);
        Assert.Equal(30, stats.Mean);
        Assert.Equal(30, stats.Median); // (20 + 40) / 2
        Assert.Equal(20, AssignmentStatistics.From(A, [Cell(10), Cell(20), Cell(45)], [], []).Median);
        // Bins are tenths of the points: 10/50 is the 20–30% bin, 50/50 the last.
        Assert.Equal([0, 0, 1, 0, 1, 0, 0, 0, 1, 1], stats.Buckets);
    }

    [Fact]
    public void Without_grades_there_is_no_mean_or_median()
    {
        var stats = AssignmentStatistics.From(A, [], [], []);
        Assert.Null(stats.Mean);
        Assert.Null(stats.Median);
        Assert.Equal(0, stats.Students);
    }

    [Fact]
    public void Pass_rates_count_each_students_first_graded_attempt_and_every_attempt_not_the_best()
    {
        var two = new LoadedAssignment(new AssignmentManifest
        {
            Id = "a", Title = "a", Due = Due,
            Tests = [new TestSpec { Name = "shape", Points = 10 }, new TestSpec { Name = "mask", Points = 10, Visibility = Visibility.Hidden }],
        }, "/x/a", "h");
        var t0 = Due.AddDays(-3);
        // Ada fails "mask" twice then passes; Bea passes both at once; Cy's later submission (id 9) fails what the first passed.
        // Each student's best attempt passes "mask", so a best-attempt chart would read 100%.
        TestAttempt[] attempts =
        [
            .. Both(3, "ada", t0, TestOutcome.Passed, TestOutcome.Failed),
            .. Both(5, "ada", t0.AddHours(1), TestOutcome.Passed, TestOutcome.Failed),
            .. Both(8, "ada", t0.AddHours(2), TestOutcome.Passed, TestOutcome.Passed),
            .. Both(4, "bea", t0.AddHours(5), TestOutcome.Passed, TestOutcome.Passed),
            .. Both(9, "cy", t0.AddHours(7), TestOutcome.Failed, TestOutcome.Passed),
            // Submitted earlier though graded under a higher id: the first attempt is by time.
            .. Both(12, "cy", t0.AddHours(6), TestOutcome.Passed, TestOutcome.Failed),
        ];

        var stats = AssignmentStatistics.From(two, [], attempts, []);

        var shape = stats.Tests.Single(t => t.Name == "shape");
        var mask = stats.Tests.Single(t => t.Name == "mask");
        Assert.Equal(new PassCount(3, 3), shape.FirstAttempts);   // ada #3, bea #4, cy #12
        Assert.Equal(new PassCount(5, 6), shape.AllAttempts);
        Assert.Equal(new PassCount(1, 3), mask.FirstAttempts);    // only bea
        Assert.Equal(new PassCount(3, 6), mask.AllAttempts);
        Assert.Equal(1 / 3.0, mask.FirstAttempts.Rate, 9);
        Assert.Equal(Visibility.Hidden, mask.Visibility);
        Assert.Equal(6, stats.GradedSubmissions);
    }

    [Fact]
    public void Without_graded_submissions_every_test_has_no_attempts()
    {
        var stats = AssignmentStatistics.From(A, [], [], []);
        Assert.Equal(0, stats.GradedSubmissions);
        var only = Assert.Single(stats.Tests);
        Assert.Equal(new PassCount(0, 0), only.AllAttempts);
        Assert.Equal(0, only.FirstAttempts.Rate);
    }

    static TestAttempt[] Both(long id, string student, DateTimeOffset at, TestOutcome shape, TestOutcome mask) =>
        [new(id, student, at, "shape", shape), new(id, student, at, "mask", mask)];
}
