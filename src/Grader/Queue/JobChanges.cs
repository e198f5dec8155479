namespace Course.Grader.Queue;

/// <summary>
/// Wakes live pages when a job changes: on PostgreSQL the <see cref="PostgresJobListener"/> signals on each
/// <c>NOTIFY</c>, and a page waits for that or a slow fallback tick (a notice is lost while the listener reconnects);
/// on SQLite nothing signals, and pages poll every second as before.
/// </summary>
public sealed class JobChanges(Data.StoreSettings store)
{
    public const string Channel = "course_jobs";
    TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long a page waits when no notice comes.</summary>
    public TimeSpan Fallback { get; } = store.Provider == Data.StoreProvider.Postgres ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);

    /// <summary>Completes at the next change.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Signal() => Interlocked.Exchange(ref next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Until the next change or the fallback tick, whichever comes first.</summary>
    public async Task WaitAsync(CancellationToken ct) => await Task.WhenAny(Next, Task.Delay(Fallback, ct)).WaitAsync(ct);
}
