using System.Collections.Concurrent;

namespace Course.Grader.Golden;

/// <summary>
/// One lock per key: holders of different keys never wait for each other, holders of the same key take turns.
/// Keys are few (one per assignment, manifest, reference image and seed), so their locks are kept.
/// </summary>
public sealed class KeyedLock
{
    readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <returns>The held lock; disposing it lets the next holder of the key in.</returns>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct = default)
    {
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Held(gate);
    }

    sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
