using static TorchSharp.torch;

namespace Course.Reference.TimeGan;

/// <summary>
/// TimeGAN's loss terms as the authors' code writes them, on padded batches: step t of sequence b is valid when
/// t &lt; lengths[b], and every mean runs over valid steps only (padded steps never count).
/// </summary>
public static class TimeGanLosses
{
    /// <summary>(B, T) float mask, 1 at valid steps.</summary>
    public static Tensor Valid(Tensor lengths, long steps, ScalarType dtype) =>
        (arange(steps, ScalarType.Int64) < lengths.to_type(ScalarType.Int64).unsqueeze(-1)).to_type(dtype);

    /// <summary>Mean of (B, T, D) values over the valid (b, t) and every d.</summary>
    static Tensor MaskedMean(Tensor values, Tensor valid) =>
        (values * valid.unsqueeze(-1)).sum() / (valid.sum() * values.shape[2]);

    /// <summary>L_R = mean over valid steps and features of (x − x̃)² (<c>E_loss_T0</c>).</summary>
    public static Tensor Reconstruction(Tensor x, Tensor xTilde, Tensor lengths) =>
        MaskedMean((x - xTilde).pow(2), Valid(lengths, x.shape[1], x.dtype));

    /// <summary>
    /// L_S (<c>G_loss_S</c>): the supervisor's output at step t predicts the embedding at t + 1, so h[:, 1:] is
    /// compared with s[:, :-1]; a pair counts when its target step t + 1 is valid.
    /// </summary>
    public static Tensor Supervised(Tensor h, Tensor s, Tensor lengths) =>
        MaskedMean((h[.., 1..] - s[.., ..^1]).pow(2), Valid(lengths, h.shape[1], h.dtype)[.., 1..]);

    /// <summary>Binary cross-entropy on logits (B, T, 1) against a constant label, averaged over valid steps.</summary>
    public static Tensor Bce(Tensor logits, double label, Tensor lengths)
    {
        // max(l, 0) − l·y + log(1 + e^−|l|): PyTorch's stable form of −[y log σ(l) + (1 − y) log(1 − σ(l))].
        var perStep = logits.clamp_min(0) - logits * label + log1p(exp(-logits.abs()));
        return MaskedMean(perStep, Valid(lengths, logits.shape[1], logits.dtype));
    }

    /// <summary>
    /// The moment losses (V1, V2): for each step t and feature f, the mean and population standard deviation
    /// (ddof = 0, +1e-6 inside the root) over the sequences valid at t; V1 = mean |σ̂ − σ|, V2 = mean |μ̂ − μ|,
    /// both averaged over all (t, f). Every step has a valid sequence because the longest one fills the batch.
    /// </summary>
    public static (Tensor V1, Tensor V2) Moments(Tensor x, Tensor xHat, Tensor lengths)
    {
        var valid = Valid(lengths, x.shape[1], x.dtype).unsqueeze(-1);   // (B, T, 1)
        var (mean, std) = StepMoments(x, valid);
        var (meanHat, stdHat) = StepMoments(xHat, valid);
        return ((stdHat - std).abs().mean(), (meanHat - mean).abs().mean());
    }

    /// <summary>(T, F) mean and √(population variance + 1e-6) over the sequences valid at each step.</summary>
    static (Tensor Mean, Tensor Std) StepMoments(Tensor v, Tensor valid)
    {
        // 0L, not 0: a literal 0 converts to ScalarType and picks sum(dtype: Byte).
        var count = valid.sum(0L);                                      // (T, 1)
        var mean = (v * valid).sum(0L) / count;
        var variance = ((v - mean).pow(2) * valid).sum(0L) / count;
        return (mean, (variance + 1e-6).sqrt());
    }
}
