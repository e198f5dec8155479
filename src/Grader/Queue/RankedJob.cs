using Course.Grader.Data;

namespace Course.Grader.Queue;

/// <summary>A queued job and how many of its student's jobs were ahead of it when it was queued (a query shape, never stored).</summary>
public sealed class RankedJob
{
    public required GradingJob Job { get; init; }
    public int Rank { get; init; }
}
