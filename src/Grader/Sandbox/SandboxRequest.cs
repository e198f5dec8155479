using Course.Contracts.Archive;
using Course.Contracts.Manifest;

namespace Course.Grader.Sandbox;

/// <summary>One container run: the image, its limits, the files streamed to its stdin as a tar archive.</summary>
public sealed record SandboxRequest(string Image, SandboxSpec Limits, IReadOnlyList<SandboxFile> Files)
{
    /// <summary>Replaces the image's entry point (the smoke test and the reference runner use it).</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>
    /// The one GPU the sandbox gets, by the device id Docker knows it by (leased from the worker's GpuPool); null runs it
    /// on the CPU. Never "all GPUs": two sandboxes must not share a device they did not lease.
    /// </summary>
    public string? GpuDevice { get; init; }
    public string Label { get; init; } = "";
}
