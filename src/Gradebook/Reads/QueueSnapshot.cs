using Course.Grader.Data;
using Course.Grader.Queue;

namespace Course.Gradebook.Reads;

/// <summary>The grading queue at one moment, as the staff's queue page shows it.</summary>
public sealed record QueueSnapshot(IReadOnlyList<GradingJob> Running, IReadOnlyList<GradingJob> Waiting, IReadOnlyList<GradingJob> Finished,
    IReadOnlyList<WorkerView> Workers, DateTimeOffset At);
