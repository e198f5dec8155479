namespace Course.Contracts.Archive;

/// <summary>A file handed to a container, at a path relative to its work directory.</summary>
public sealed record SandboxFile(string Path, byte[] Content);
