using static TorchSharp.torch;

namespace Course.Reference.Transformer;

/// <summary>
/// Loss and accuracy of a sequence model over the real tokens only: target id 0 is padding and counts for nothing.
/// Both are means over the real tokens of the whole batch (not per sequence).
/// </summary>
public static class MaskedMetrics
{
    public const long PadId = 0;

    /// <param name="logits">(B, L, V) unnormalised scores.</param>
    /// <param name="targets">(B, L) token ids, 0 for padding.</param>
    public static Tensor Loss(Tensor logits, Tensor targets)
    {
        var real = targets.ne(PadId).to_type(logits.dtype);
        var nll = -logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1); // (B, L)
        return (nll * real).sum() / real.sum();
    }

    public static Tensor Accuracy(Tensor logits, Tensor targets)
    {
        var real = targets.ne(PadId);
        var right = logits.argmax(-1).eq(targets).logical_and(real);
        return right.sum().to_type(ScalarType.Float64) / real.sum().to_type(ScalarType.Float64);
    }
}
