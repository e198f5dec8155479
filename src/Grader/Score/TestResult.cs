using Course.Contracts.Manifest;

namespace Course.Grader.Score;

/// <summary>One test's outcome as the student and the gradebook see it.</summary>
public sealed record TestResult(
    string Name,
    TestOutcome Status,
    double Score,
    double MaxScore,
    string Output,
    Visibility Visibility,
    double? Seconds = null)
{
    /// <summary>An evaluation test's headline figure (macro-F1), which the leaderboard ranks; null for comparison tests.</summary>
    public double? Metric { get; init; }

    public bool Passed => Status == TestOutcome.Passed;
}
