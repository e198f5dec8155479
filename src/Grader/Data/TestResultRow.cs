using Course.Contracts.Manifest;
using Course.Grader.Score;

namespace Course.Grader.Data;

/// <summary>One test's stored outcome.</summary>
public sealed class TestResultRow
{
    public long Id { get; set; }
    public long GradeResultId { get; set; }
    public int Order { get; set; }
    public required string Name { get; set; }
    public required TestOutcome Status { get; set; }
    public double Score { get; set; }
    public double MaxScore { get; set; }
    public required string Output { get; set; }
    public required Visibility Visibility { get; set; }
    /// <summary>An evaluation test's macro-F1, for the leaderboard; null for comparison tests.</summary>
    public double? Metric { get; set; }
}
