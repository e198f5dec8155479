using Course.Contracts.Manifest;
using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Grader.Score;

namespace Course.Cli;

/// <summary>Gradescope's results.json shape (score, max_score, execution_time, output, tests), plus our provenance.</summary>
public sealed record ResultsJson(
    double Score,
    double MaxScore,
    double ExecutionTime,
    string Output,
    IReadOnlyList<ResultsJson.Test> Tests,
    Provenance Provenance)
{
    /// <summary>
    /// Gradescope's leaderboard entries ({name, value, order}): the macro-F1 of each evaluation test that students see at
    /// once (the public part), never an after-due or hidden one, whose figure a board would show before the due date.
    /// Absent for assignments without evaluation tests.
    /// </summary>
    public IReadOnlyList<Entry>? Leaderboard { get; init; }

    public sealed record Entry(string Name, double Value, string Order);

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Test(string Name, double Score, double MaxScore, string Status, string Output, string Visibility);

    public static ResultsJson From(GradeReport report) => new(
        report.Score, report.MaxScore, Math.Round(report.ExecutionSeconds, 3),
        report.Mistake is { } mistake ? $"{report.Output}\n{mistake.Feedback}" : report.Output,
        report.Tests.Select(t => new Test(t.Name, t.Score, t.MaxScore, t.Status.ToName(), t.Output, GradescopeVisibility(t.Visibility))).ToList(),
        report.Provenance)
    {
        Leaderboard = report.Tests.Any(t => t.Metric is not null)
            ? report.Tests.Where(t => t.Metric is not null && t.Visibility == Visibility.Visible)
                .Select(t => new Entry(t.Name, Math.Round(t.Metric!.Value, 4), "desc")).ToList()
            : null,
    };

    /// <summary>Gradescope names the same three levels visible, after_due_date and hidden.</summary>
    static string GradescopeVisibility(Visibility v) => v == Visibility.AfterDue ? "after_due_date" : v.ToName();
}
