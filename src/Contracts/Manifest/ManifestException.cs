namespace Course.Contracts.Manifest;

/// <summary>An assignment manifest that cannot be used, with every problem found in it.</summary>
public sealed class ManifestException(string message, Exception? inner = null) : Exception(message, inner);
