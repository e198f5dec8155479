using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// CLIP's symmetric contrastive loss (Radford et al. 2021, Figure 3): both embeddings L2-normalised per row, logits =
/// exp(t)·I·Tᵀ with t = logit_scale the log of the inverse temperature, exp(t) clipped at 100 as the paper does, and
/// the mean of the two cross-entropies (images → texts over rows, texts → images over columns), pair i matching i.
/// </summary>
public static class ClipLoss
{
    public const double MaxScale = 100.0;

    /// <returns>logits_per_image (n, n) and the loss; the trace gets each direction's batch-mean cross-entropy.</returns>
    public static (Tensor LogitsPerImage, Tensor Loss) Of(Tensor imageFeatures, Tensor textFeatures, Tensor logitScale, StageTrace? trace = null)
    {
        var image = Normalise(imageFeatures);
        var text = Normalise(textFeatures);
        var scale = logitScale.exp().clamp_max(MaxScale);
        var logitsPerImage = scale * image.matmul(text.t());
        var labels = arange(imageFeatures.shape[0], ScalarType.Int64);
        var lossImage = trace.Keep("loss_image", functional.cross_entropy(logitsPerImage, labels));
        var lossText = trace.Keep("loss_text", functional.cross_entropy(logitsPerImage.t(), labels));
        return (logitsPerImage, (lossImage + lossText) / 2);
    }

    /// <summary>x / ‖x‖₂ per row. Graded inputs have no zero rows, so no ε is needed.</summary>
    public static Tensor Normalise(Tensor x) => x / x.norm(-1, true);
}
