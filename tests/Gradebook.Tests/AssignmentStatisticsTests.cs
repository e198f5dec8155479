using Course.Contracts.Manifest;
using Course.Gradebook.Grades;

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
}
