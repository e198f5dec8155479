using static TorchSharp.torch;

namespace Course.Reference;

/// <summary>
/// The named intermediate tensors of one forward pass, in the order the model computes them. Goldens store them
/// so a student whose output is wrong learns the first stage that went wrong.
/// </summary>
public sealed class StageTrace
{
    readonly List<(string Name, Tensor Value)> stages = [];

    public IReadOnlyList<(string Name, Tensor Value)> Stages => stages;

    /// <summary>Records <paramref name="value"/> under <paramref name="name"/> and hands it back, so a forward pass reads as before.</summary>
    public Tensor Record(string name, Tensor value)
    {
        stages.Add((name, value));
        return value;
    }
}

public static class StageTraceExtensions
{
    /// <summary>Records into a trace that may be null (no trace wanted), and returns the value either way.</summary>
    public static Tensor Keep(this StageTrace? trace, string name, Tensor value) => trace?.Record(name, value) ?? value;
}
