using static TorchSharp.torch;

namespace Course.Reference.StyleTransfer;

/// <summary>
/// G = F Fᵀ / (H·W) for feature maps F reshaped to (C, H·W): the correlations between channels, averaged over
/// positions (Gatys, Ecker and Bethge, "A Neural Algorithm of Artistic Style", 2015, with the per-position
/// normalisation of the TensorFlow tutorial). (B, C, H, W) → (B, C, C).
/// </summary>
public static class GramMatrix
{
    public static Tensor Of(Tensor features)
    {
        var (b, c, h, w) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3]);
        var f = features.reshape(b, c, h * w);
        return f.matmul(f.transpose(1, 2)) / (h * w);
    }
}
