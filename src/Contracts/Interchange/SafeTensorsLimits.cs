namespace Course.Contracts.Interchange;

/// <summary>
/// How much of a safetensors file the reader accepts before it refuses the file. The element count needs no limit of
/// its own: every tensor's bytes must be present, so it is bounded by the file's length.
/// </summary>
public sealed record SafeTensorsLimits(int MaxTensors, int MaxDimensions, int MaxHeaderBytes)
{
    /// <summary>For what a sandbox wrote (the student controls every byte): one test's outputs and stages.</summary>
    public static readonly SafeTensorsLimits Untrusted = new(MaxTensors: 256, MaxDimensions: 8, MaxHeaderBytes: 1024 * 1024);

    /// <summary>For the reference's goldens, which hold every test's inputs and expected outputs in one file.</summary>
    public static readonly SafeTensorsLimits Trusted = new(MaxTensors: 1 << 16, MaxDimensions: 16, MaxHeaderBytes: 100 * 1024 * 1024);
}
