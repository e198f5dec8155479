namespace Course.Grader.Gpu;

/// <summary>One sandbox's hold on one GPU of the <see cref="GpuPool"/>; disposing gives it back (once).</summary>
public sealed class GpuLease(string device, GpuPool pool) : IDisposable
{
    int returned;

    /// <summary>The id Docker's device request names (<c>DeviceIDs</c>).</summary>
    public string Device { get; } = device;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0) pool.Return(Device);
    }
}
