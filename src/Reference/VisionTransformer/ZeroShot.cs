using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// CLIP zero-shot classification with prompt ensembling (the CLIP repository's ImageNet notebook): each class's M
/// template embeddings are L2-normalised, averaged and normalised again; each image embedding is normalised; cosine =
/// image · classᵀ; the prediction is the argmax over classes (the lowest index on a tie) and the probabilities are
/// softmax(100 · cosine) over classes.
/// </summary>
public static class ZeroShot
{
    public const double Scale = 100.0;

    /// <param name="imageFeatures">(n, E).</param>
    /// <param name="textFeatures">(K, M, E): M prompt templates for each of K classes.</param>
    public static (Tensor ClassEmbeddings, Tensor Cosine, Tensor Predictions, Tensor Probabilities) Of(Tensor imageFeatures, Tensor textFeatures)
    {
        var classEmbeddings = ClipLoss.Normalise(ClipLoss.Normalise(textFeatures).mean([1]));
        var cosine = ClipLoss.Normalise(imageFeatures).matmul(classEmbeddings.t());
        var predictions = LowestArgmax(cosine);
        return (classEmbeddings, cosine, predictions, functional.softmax(Scale * cosine, -1));
    }

    /// <summary>The first index of each row's maximum (torch.argmax does not promise which of equal values it returns).</summary>
    public static Tensor LowestArgmax(Tensor scores)
    {
        var k = scores.shape[^1];
        var isMax = scores == scores.max(-1, true).values;
        // Indices of maxima stay as they are; the others are pushed past the end, so the minimum is the first maximum.
        return where(isMax, arange(k, ScalarType.Int64), k).min(-1).values;
    }
}
