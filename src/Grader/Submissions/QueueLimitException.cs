namespace Course.Grader.Submissions;

/// <summary>
/// A student already has <see cref="GraderOptions.MaxQueuedPerStudent"/> submissions waiting or running: the upload is
/// refused before anything is stored, so it costs no attempt, and the queue stays fair to the rest of the class.
/// </summary>
public sealed class QueueLimitException(int waiting)
    : Exception($"You have {waiting} {(waiting == 1 ? "submission" : "submissions")} waiting to be graded; wait for one to finish before submitting again.")
{
    public int Waiting { get; } = waiting;
}
