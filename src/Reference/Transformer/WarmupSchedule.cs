using static TorchSharp.torch;

namespace Course.Reference.Transformer;

/// <summary>
/// lrate = d_model^−0.5 · min(step^−0.5, step · warmup_steps^−1.5) ("Attention Is All You Need", §5.3):
/// linear warm-up for warmup_steps, then decay with the inverse square root of the step. Steps count from 1.
/// </summary>
public static class WarmupSchedule
{
    public static Tensor LearningRate(Tensor step, long d_model, long warmup_steps)
    {
        var s = step.to_type(ScalarType.Float64);
        return Math.Pow(d_model, -0.5) * minimum(s.pow(-0.5), s * Math.Pow(warmup_steps, -1.5));
    }
}
