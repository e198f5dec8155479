using Course.Grader.Queue;

namespace Course.Portal.Live;

/// <summary>
/// Keeps a live page fresh: one <see cref="PeriodicTimer"/> loop per page, so refreshes never overlap, awaited
/// (nothing is dropped), stopped when the refresh says there is nothing left to watch, and cancelled when the page
/// is disposed before it can touch a disposed component.
/// </summary>
public sealed class LiveRefresh : IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    Task? loop;

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Starts the loop unless one is running.</summary>
    /// <param name="refresh">Reloads and re-renders; returns whether to keep watching.</param>
    /// <param name="failed">Where an exception of the refresh goes (a component's <c>DispatchExceptionAsync</c>).</param>
    /// <param name="changes">On PostgreSQL, wakes the loop when a worker claims or closes a job; else it ticks every <see cref="Period"/>.</param>
    public void Start(Func<CancellationToken, Task<bool>> refresh, Func<Exception, Task> failed, JobChanges? changes = null)
    {
        if (stop.IsCancellationRequested || loop is { IsCompleted: false }) return;
        loop = RunAsync(refresh, failed, changes, stop.Token);
    }

    public bool Running => loop is { IsCompleted: false };

    static async Task RunAsync(Func<CancellationToken, Task<bool>> refresh, Func<Exception, Task> failed, JobChanges? changes, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await NextAsync(timer, changes, ct))
                if (!await refresh(ct)) return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await failed(e);
        }
    }

    /// <summary>The next change (at most one refresh per <see cref="Settle"/>, however many notices come), or the next tick.</summary>
    static async Task<bool> NextAsync(PeriodicTimer timer, JobChanges? changes, CancellationToken ct)
    {
        if (changes is null) return await timer.WaitForNextTickAsync(ct);
        await changes.WaitAsync(ct);
        await Task.Delay(Settle, ct);
        return true;
    }

    static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (loop is not null) await loop;
        stop.Dispose();
    }
}
