using Course.Grader.Queue;

namespace Course.Gradebook.Reads;

/// <summary>
/// The grading queue at one moment, as the staff's queue page shows it, with the workers that grade it;
/// <paramref name="MaxTries"/> is how many times the grader tries a job before it gives up.
/// </summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueRow> Running, IReadOnlyList<QueueRow> Waiting, IReadOnlyList<QueueRow> Finished,
    IReadOnlyList<WorkerView> Workers, DateTimeOffset At, int MaxTries);
