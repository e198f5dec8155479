using Course.Contracts.Manifest;

namespace Course.Grader.Gpu;

/// <summary>Which GPU, if any, an assignment's sandbox gets from the lease its worker holds.</summary>
public static class GpuPlacement
{
    /// <returns>The device id for the sandbox, or null to run it on the CPU.</returns>
    /// <exception cref="GradingInfrastructureException">The assignment requires a GPU and no lease is held: the grader's
    /// fault (the queue hands such jobs only to a worker with a free GPU), so the job is retried, not failed.</exception>
    public static string? DeviceFor(GpuMode mode, GpuLease? lease, string assignmentId) => mode switch
    {
        GpuMode.Required => lease?.Device ?? throw new GradingInfrastructureException($"{assignmentId} needs a GPU and this worker has none free"),
        GpuMode.Optional => lease?.Device,
        _ => null,
    };
}
