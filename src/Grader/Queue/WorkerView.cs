namespace Course.Grader.Queue;

/// <summary>A grader process as the queue page shows it; <see cref="Alive"/> when it beat within two of its leases.</summary>
public sealed record WorkerView(string Name, int Slots, IReadOnlyList<string> Gpus, IReadOnlyList<string> GpusBusy,
    DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Alive);
