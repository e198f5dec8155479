using Microsoft.Extensions.Options;

namespace Course.Grader.Gpu;

/// <summary>
/// This process's GPUs (<see cref="GraderOptions.Gpus"/>), each shared by at most <see cref="GraderOptions.JobsPerGpu"/>
/// sandboxes: a worker leases one specific device before it claims a job that may use it, and gives it back after.
/// </summary>
public sealed class GpuPool
{
    readonly Lock gate = new();
    readonly Dictionary<string, int> inUse;
    readonly int perGpu;

    public GpuPool(IOptions<GraderOptions> options) : this(Parse(options.Value.Gpus), options.Value.JobsPerGpu) { }

    public GpuPool(IReadOnlyList<string> devices, int jobsPerGpu = 1)
    {
        if (jobsPerGpu < 1) throw new ArgumentOutOfRangeException(nameof(jobsPerGpu), jobsPerGpu, "at least one job per GPU");
        Devices = devices.Distinct().ToList();
        inUse = Devices.ToDictionary(d => d, _ => 0);
        perGpu = jobsPerGpu;
    }

    /// <summary>Device ids in the order they were configured.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>Devices that hold at least one lease now.</summary>
    public IReadOnlyList<string> Busy
    {
        get { lock (gate) return Devices.Where(d => inUse[d] > 0).ToList(); }
    }

    /// <summary>The least used device with room for one more sandbox, or null when every one is full (or there is none).</summary>
    public GpuLease? TryLease()
    {
        lock (gate)
        {
            var free = Devices.Where(d => inUse[d] < perGpu).OrderBy(d => inUse[d]).FirstOrDefault();
            if (free is null) return null;
            inUse[free]++;
            return new GpuLease(free, this);
        }
    }

    internal void Return(string device)
    {
        lock (gate) inUse[device]--;
    }

    /// <summary>"0,1" → ["0", "1"]; blanks and spaces are ignored.</summary>
    public static IReadOnlyList<string> Parse(string? devices) =>
        (devices ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
