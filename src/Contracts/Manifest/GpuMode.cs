namespace Course.Contracts.Manifest;

/// <summary>Whether an assignment's sandbox gets the worker's GPUs (manifests write none, optional, required).</summary>
public enum GpuMode
{
    None,
    /// <summary>A GPU when the worker has one, else the CPU.</summary>
    Optional,
    /// <summary>Only a worker with a GPU takes the job.</summary>
    Required,
}
