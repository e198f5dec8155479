using static TorchSharp.torch;

namespace Course.Reference.StyleTransfer;

/// <summary>The three losses of neural style transfer, as the a04 statement defines them.</summary>
public static class StyleLosses
{
    /// <summary>mean((generated − content)²) over every element.</summary>
    public static Tensor Content(Tensor generated, Tensor content) => (generated - content).pow(2).mean();

    /// <summary>Σ_l w_l · mean((G(generated_l) − G(style_l))²) over the layers l.</summary>
    public static Tensor Style(IReadOnlyDictionary<string, Tensor> generated, IReadOnlyDictionary<string, Tensor> style,
        IReadOnlyDictionary<string, Tensor> weights) =>
        weights.Keys.Order(StringComparer.Ordinal)
            .Select(l => weights[l] * (GramMatrix.Of(generated[l]) - GramMatrix.Of(style[l])).pow(2).mean())
            .Aggregate((a, b) => a + b);

    /// <summary>Σ |x[…, i+1, j] − x[…, i, j]| + Σ |x[…, i, j+1] − x[…, i, j]| (anisotropic, like tf.image.total_variation), summed over the batch.</summary>
    public static Tensor TotalVariation(Tensor image)
    {
        var down = image[.., .., 1.., ..] - image[.., .., ..^1, ..];
        var right = image[.., .., .., 1..] - image[.., .., .., ..^1];
        return down.abs().sum() + right.abs().sum();
    }
}
