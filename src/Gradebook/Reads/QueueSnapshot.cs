namespace Course.Gradebook.Reads;

/// <summary>
/// The grading queue at one moment, as the staff's queue page shows it; <paramref name="MaxTries"/> is how many times
/// the grader tries a job before it gives up.
/// </summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueRow> Running, IReadOnlyList<QueueRow> Waiting, IReadOnlyList<QueueRow> Finished, DateTimeOffset At, int MaxTries);
