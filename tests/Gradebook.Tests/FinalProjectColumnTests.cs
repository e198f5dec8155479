using Course.Contracts.Manifest;
using Course.Gradebook.Grades;

namespace Course.Gradebook.Tests;

/// <summary>
/// The final project's column, from the course's real manifests: its predictions score (out of the tests' 70 points)
/// plus the report's rubric grade (out of 30) fills the project category, which counts 30 % of the total beside the
/// programming assignments.
/// </summary>
public sealed class FinalProjectColumnTests
{
    static readonly AssignmentCatalog Catalog = new(Path.Combine(CourseRoot.OfBuildOutput(), "assignments"));
    static readonly CourseMember Ada = new("ada@uni.example", "Ada", "s001");

    [Fact]
    public void A_graded_project_fills_its_column_and_the_project_category_of_the_total()
    {
        var project = Catalog.Get("final-phrasebank");
        Assert.Equal("project", project.Manifest.Category);
        Assert.Equal(70, project.Manifest.AutogradedPoints);
        Assert.Equal(30, project.Manifest.RubricPoints);
        Assert.Equal(100, project.Manifest.Points);
        var onTime = project.Manifest.Due.AddDays(-1);
        // Two attempts: the better one counts. One programming assignment at 80 %, the rest not yet due.
        var a01 = Catalog.Get("a01-attention");
        GradedAttempt[] attempts =
        [
            new(1, Ada.Email, project.Id, onTime, 35, 70),
            new(2, Ada.Email, project.Id, onTime, 56, 70),
            new(3, Ada.Email, a01.Id, a01.Manifest.Due.AddDays(-1), 80, 100),
        ];
        // The report earned 24 of the rubric's 30.
        var grades = GradebookCalculator.Calculate(Ada, Catalog.Course, Catalog.All, attempts, [], [], a01.Manifest.Due.AddDays(1),
            [new RubricScore(Ada.Email, project.Id, 24)]);

        var cell = grades.Cells[project.Id];
        Assert.Equal(CellState.Graded, cell.State);
        Assert.Equal(80, cell.Points);
        Assert.Equal(24, cell.RubricPoints);
        Assert.Equal(0.8, grades.CategoryAverages["project"]!.Value, 12);
        // Weighted by 70 (assignments) and 30 (project): both categories at 80 %.
        Assert.Equal(0.8, grades.Total!.Value, 12);
    }
}
