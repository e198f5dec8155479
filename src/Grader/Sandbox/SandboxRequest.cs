using Course.Contracts.Archive;
using Course.Contracts.Manifest;

namespace Course.Grader.Sandbox;

/// <summary>One container run: the image, its limits, the files streamed to its stdin as a tar archive.</summary>
public sealed record SandboxRequest(string Image, SandboxSpec Limits, IReadOnlyList<SandboxFile> Files)
{
    /// <summary>Replaces the image's entry point (the smoke test and the reference runner use it).</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary>Whether to ask Docker for the worker's GPUs (decided from the manifest and the worker).</summary>
    public bool UseGpu { get; init; }
    public string Label { get; init; } = "";
}
