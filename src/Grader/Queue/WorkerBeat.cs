namespace Course.Grader.Queue;

/// <summary>What a grader process says of itself at each heartbeat.</summary>
public sealed record WorkerBeat(string Name, int Slots, IReadOnlyList<string> Gpus, IReadOnlyList<string> GpusBusy, TimeSpan LeaseDuration);
