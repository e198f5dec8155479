namespace Course.Grader.Data;

/// <summary>
/// A grader process as it last reported itself: how many jobs it grades at once, its GPUs and which are busy. Each
/// process writes its own row every few seconds (with its lease renewals); one that stops writing has died.
/// </summary>
public sealed class WorkerRegistration
{
    /// <summary>The host's worker name, its process id and a random suffix: unique per process.</summary>
    public required string Name { get; set; }
    public int Slots { get; set; }
    /// <summary>Device ids, comma-separated as configured ("0,1"); empty for none.</summary>
    public string Gpus { get; set; } = "";
    /// <summary>The devices leased to sandboxes at the last heartbeat, comma-separated.</summary>
    public string GpusBusy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    /// <summary>Two of this worker's leases after its heartbeat: past it, the worker is taken for dead.</summary>
    public DateTimeOffset AliveUntil { get; set; }
}
