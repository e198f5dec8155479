using Course.Gradebook.Data;
using Course.Gradebook.Grades;
using Course.Contracts.Manifest;

namespace Course.Gradebook.Tests;

/// <summary>The course's grading rules, each worked by hand on a small course of three assignments.</summary>
public sealed class GradebookCalculatorTests
{
    static readonly DateTimeOffset Due = new(2027, 2, 5, 23, 59, 0, TimeSpan.Zero);
    static readonly CourseMember Ada = new("ada@uni.example", "Ada", "s001");

    // Two categories: homework (weight 60, lowest dropped) with h1 and h2; project (weight 40) with p1.
    static readonly CourseSettings Course = new()
    {
        Title = "Test course",
        Categories =
        [
            new GradeCategory { Id = "homework", Title = "Homework", Weight = 60, DropLowest = 1 },
            new GradeCategory { Id = "project", Title = "Project", Weight = 40 },
        ],
    };

    static readonly IReadOnlyList<LoadedAssignment> Assignments =
        [Assignment("h1", "homework", 100, Due), Assignment("h2", "homework", 50, Due.AddDays(7)), Assignment("p1", "project", 20, Due.AddDays(30))];

    static LoadedAssignment Assignment(string id, string category, double points, DateTimeOffset due) =>
        new(new AssignmentManifest
        {
            Id = id, Title = id, Category = category, Due = due,
            LatePolicy = new LatePolicy { PenaltyPerDay = 0.10, MaxDays = 3 },
            Tests = [new TestSpec { Name = "t", Points = points }],
        }, "/nowhere/" + id, "hash");

    static GradedAttempt Attempt(long id, string assignment, DateTimeOffset at, double score, double max) => new(id, Ada.Email, assignment, at, score, max);

    static StudentGrades Calculate(DateTimeOffset now, IEnumerable<GradedAttempt> attempts, IEnumerable<GradeOverride>? overrides = null, IEnumerable<DeadlineExtension>? extensions = null) =>
        GradebookCalculator.Calculate(Ada, Course, Assignments, attempts, overrides ?? [], extensions ?? [], now);

    [Theory]
    [InlineData(0, 0, 1.0)]          // on time
    [InlineData(1, 1, 0.9)]          // a minute late is a started day
    [InlineData(60 * 24, 1, 0.9)]    // exactly one day late
    [InlineData(60 * 24 + 1, 2, 0.8)]
    [InlineData(60 * 72, 3, 0.7)]    // the last day that counts
    [InlineData(60 * 72 + 1, 4, 0.0)] // past the cap: nothing
    public void Late_work_loses_a_tenth_per_started_day_and_everything_after_the_cap(int minutesLate, int days, double factor)
    {
        Assert.Equal(days, LatePenalty.DaysLate(Due.AddMinutes(minutesLate), Due));
        Assert.Equal(factor, LatePenalty.Factor(days, new LatePolicy { PenaltyPerDay = 0.10, MaxDays = 3 }), 12);
    }

    [Fact]
    public void The_best_attempt_after_its_penalty_counts_not_the_best_raw_score()
    {
        // 85 on time beats 100 submitted two days late, which keeps 80 after its penalty.
        var grades = Calculate(Due.AddDays(1), [Attempt(1, "h1", Due.AddHours(-1), 85, 100), Attempt(2, "h1", Due.AddDays(2).AddMinutes(-1), 100, 100)]);
        var cell = grades.Cells["h1"];
        Assert.Equal(CellState.Graded, cell.State);
        Assert.Equal(85, cell.Points);
        Assert.Equal(1, cell.SubmissionId);

        var later = Calculate(Due.AddDays(1), [Attempt(1, "h1", Due.AddHours(-1), 70, 100), Attempt(2, "h1", Due.AddHours(20), 100, 100)]);
        Assert.Equal(90, later.Cells["h1"].Points!.Value, 9); // 100 × 0.9 beats 70
        Assert.Equal(1, later.Cells["h1"].DaysLate);
    }

    [Fact]
    public void A_missing_assignment_counts_as_zero_once_due_and_not_before()
    {
        var before = Calculate(Due.AddDays(-1), []);
        Assert.All(before.Cells.Values, c => Assert.Equal(CellState.NotDue, c.State));
        Assert.Null(before.Total);

        var after = Calculate(Due.AddMinutes(1), []);
        Assert.Equal(CellState.Missing, after.Cells["h1"].State);
        Assert.Equal(0, after.Cells["h1"].Points);
        Assert.Equal(CellState.NotDue, after.Cells["h2"].State);
        Assert.Equal(0, after.Total);
    }

    [Fact]
    public void The_total_is_the_weighted_mean_of_category_averages_with_the_lowest_homework_dropped()
    {
        // h1 60/100 = 0.6, h2 45/50 = 0.9 → the 0.6 is dropped: homework 0.9; p1 10/20 = 0.5.
        // Total = (60 × 0.9 + 40 × 0.5) / 100 = 0.74.
        var grades = Calculate(Due.AddDays(60),
            [Attempt(1, "h1", Due, 60, 100), Attempt(2, "h2", Due.AddDays(7), 45, 50), Attempt(3, "p1", Due.AddDays(30), 10, 20)]);
        Assert.Equal(0.9, grades.CategoryAverages["homework"]!.Value, 12);
        Assert.Equal(0.5, grades.CategoryAverages["project"]!.Value, 12);
        Assert.Equal(0.74, grades.Total!.Value, 12);
    }

    [Fact]
    public void Dropping_never_removes_the_only_score_and_an_empty_category_does_not_weigh()
    {
        // Only h1 is due: homework keeps its single 0.6; the project is not due and leaves the total alone.
        var grades = Calculate(Due.AddDays(1), [Attempt(1, "h1", Due, 60, 100)]);
        Assert.Equal(0.6, grades.CategoryAverages["homework"]!.Value, 12);
        Assert.Null(grades.CategoryAverages["project"]);
        Assert.Equal(0.6, grades.Total!.Value, 12);
    }

    [Fact]
    public void An_override_replaces_every_attempt_and_an_extension_moves_the_penalty()
    {
        var overrides = new[] { new GradeOverride { Student = Ada.Email, AssignmentId = "h1", Points = 42, Reason = "regraded by hand", By = "ivy" } };
        var extensions = new[] { new DeadlineExtension { Student = Ada.Email, AssignmentId = "h2", Due = Due.AddDays(10), Reason = "ill", By = "ivy" } };
        var grades = Calculate(Due.AddDays(60),
            [Attempt(1, "h1", Due, 100, 100), Attempt(2, "h2", Due.AddDays(9), 50, 50)], overrides, extensions);
        Assert.Equal(CellState.Overridden, grades.Cells["h1"].State);
        Assert.Equal(42, grades.Cells["h1"].Points);
        Assert.Equal("regraded by hand", grades.Cells["h1"].OverrideReason);
        // Two days after the original due date, but before the extended one: no penalty.
        Assert.Equal(0, grades.Cells["h2"].DaysLate);
        Assert.Equal(50, grades.Cells["h2"].Points);
    }

    [Fact]
    public void Another_students_attempts_do_not_count()
    {
        var bea = new GradedAttempt(9, "bea@uni.example", "h1", Due, 100, 100);
        Assert.Equal(CellState.Missing, Calculate(Due.AddDays(1), [bea]).Cells["h1"].State);
    }

    [Fact]
    public void An_override_keeps_the_real_best_attempt_beside_it()
    {
        var overrides = new[] { new GradeOverride { Student = Ada.Email, AssignmentId = "h1", Points = 42, Reason = "plagiarism hearing", By = "ivy" } };
        // 90 two days late keeps 72; 75 on time keeps 75: the on-time one is the real best.
        var grades = Calculate(Due.AddDays(5), [Attempt(1, "h1", Due.AddDays(2).AddMinutes(-1), 90, 100), Attempt(2, "h1", Due, 75, 100)], overrides);
        var cell = grades.Cells["h1"];
        Assert.Equal(42, cell.Points);
        Assert.Equal(2, cell.SubmissionId);
        Assert.Equal(75, cell.GradedPoints!.Value, 12);
    }

    [Fact]
    public void Equal_points_after_penalty_count_the_less_late_then_the_later_attempt()
    {
        // 100 one day late keeps 90; 90 on time keeps 90: the on-time one counts.
        var late = Calculate(Due.AddDays(5), [Attempt(1, "h1", Due.AddHours(2), 100, 100), Attempt(2, "h1", Due.AddHours(-1), 90, 100)]);
        Assert.Equal(2, late.Cells["h1"].SubmissionId);
        // Two on-time attempts with the same score: the later submission counts.
        var same = Calculate(Due.AddDays(5), [Attempt(3, "h1", Due.AddHours(-5), 80, 100), Attempt(4, "h1", Due.AddHours(-1), 80, 100)]);
        Assert.Equal(4, same.Cells["h1"].SubmissionId);
    }

    // A project graded 70 by its tests and 30 by a rubric, due with p1.
    static readonly LoadedAssignment Project = new(new AssignmentManifest
    {
        Id = "final", Title = "final", Category = "project", Due = Due.AddDays(30), RubricPoints = 30,
        LatePolicy = new LatePolicy { PenaltyPerDay = 0.10, MaxDays = 3 },
        Tests = [new TestSpec { Name = "predictions", Points = 70 }],
    }, "/nowhere/final", "hash");

    static GradeCell ProjectCell(DateTimeOffset now, IEnumerable<GradedAttempt> attempts, params RubricScore[] rubric) =>
        GradebookCalculator.Calculate(Ada, Course, [.. Assignments, Project], attempts, [], [], now, rubric).Cells["final"];

    [Fact]
    public void A_rubric_grade_adds_to_the_tests_score_scaled_to_the_tests_points()
    {
        // 50 of 100 on the tests is 35 of their 70 points; 24 of the rubric's 30 comes on top: 59 of 100.
        var cell = ProjectCell(Due, [Attempt(1, "final", Due, 50, 100)], new RubricScore(Ada.Email, "final", 24));
        Assert.Equal(100, cell.MaxPoints);
        Assert.Equal(59, cell.Points!.Value, 12);
        Assert.Equal(35, cell.RawScore!.Value, 12);
        Assert.Equal(24, cell.RubricPoints);
        Assert.False(cell.RubricPending);
    }

    [Fact]
    public void A_rubric_grade_is_kept_between_zero_and_the_rubrics_points()
    {
        Assert.Equal(70 + 30, ProjectCell(Due, [Attempt(1, "final", Due, 1, 1)], new RubricScore(Ada.Email, "final", 45)).Points!.Value, 12);
        Assert.Equal(70, ProjectCell(Due, [Attempt(1, "final", Due, 1, 1)], new RubricScore(Ada.Email, "final", -8)).Points!.Value, 12);
    }

    [Fact]
    public void Without_a_rubric_grade_the_cell_has_the_tests_points_and_says_the_rubric_is_pending()
    {
        var cell = ProjectCell(Due, [Attempt(1, "final", Due, 1, 1)], new RubricScore("bea@uni.example", "final", 30));
        Assert.Equal(70, cell.Points!.Value, 12);
        Assert.Null(cell.RubricPoints);
        Assert.True(cell.RubricPending);
    }

    [Fact]
    public void The_late_penalty_applies_to_the_tests_part_only()
    {
        // One day late: 70 × 0.9 = 63, plus the rubric's 20 unpenalised.
        var cell = ProjectCell(Due.AddDays(40), [Attempt(1, "final", Due.AddDays(30).AddHours(1), 1, 1)], new RubricScore(Ada.Email, "final", 20));
        Assert.Equal(83, cell.Points!.Value, 12);
    }

    [Fact]
    public void An_assignment_without_a_rubric_ignores_rubric_scores()
    {
        var grades = GradebookCalculator.Calculate(Ada, Course, Assignments, [Attempt(1, "h1", Due, 40, 50)], [], [], Due, [new RubricScore(Ada.Email, "h1", 10)]);
        Assert.Equal(80, grades.Cells["h1"].Points!.Value, 12);
        Assert.False(grades.Cells["h1"].RubricPending);
        // Nor does a rubric score make a cell out of nothing.
        Assert.Equal(CellState.NotDue, GradebookCalculator.Calculate(Ada, Course, Assignments, [], [], [], Due, [new RubricScore(Ada.Email, "h2", 10)]).Cells["h2"].State);
    }

    [Fact]
    public void A_rubric_grade_without_a_graded_attempt_counts_alone()
    {
        var cell = ProjectCell(Due, [], new RubricScore(Ada.Email, "final", 12));
        Assert.Equal(CellState.Graded, cell.State);
        Assert.Equal(12, cell.Points!.Value, 12);
    }
}
