using static TorchSharp.torch;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// Cuts (B, C, H, W) images into non-overlapping p×p patches (Dosovitskiy et al. 2021, §3.1): patch n = i·(W/p) + j
/// covers rows i·p … i·p + p − 1 and columns j·p … j·p + p − 1 (row-major over the grid), and its vector lists the
/// pixels in (c, dy, dx) order, the order of a Conv2d weight (D, C, p, p) flattened to (D, C·p·p).
/// </summary>
public static class Patchify
{
    /// <returns>(B, N, C·p·p) with N = (H/p)·(W/p).</returns>
    public static Tensor Of(Tensor images, long p)
    {
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        if (h % p != 0 || w % p != 0)
            throw new ArgumentException($"a {h}×{w} image does not split into {p}×{p} patches");
        var (gh, gw) = (h / p, w / p);
        return images.reshape(b, c, gh, p, gw, p)   // (b, c, i, dy, j, dx)
            .permute(0, 2, 4, 1, 3, 5)              // (b, i, j, c, dy, dx)
            .reshape(b, gh * gw, c * p * p);
    }
}
