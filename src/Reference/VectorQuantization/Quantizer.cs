using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// The quantiser's forward pass on an encoder output z_e laid out NCHW, (B, D, H, W): each position's D-vector is
/// replaced by its nearest codebook vector. Positions are flattened channel-last, permute(0, 2, 3, 1) then
/// reshape(−1, D), so row n = (b·H + h)·W + w. Returns indices (B, H, W) and z_q (B, D, H, W).
/// </summary>
public static class Quantizer
{
    /// <summary>(B, D, H, W) → (B·H·W, D), channel-last.</summary>
    public static Tensor Flatten(Tensor zE) => zE.permute(0, 2, 3, 1).reshape(-1, zE.shape[1]);

    /// <summary>(B·H·W, D) rows back to (B, D, H, W).</summary>
    public static Tensor Unflatten(Tensor rows, long[] shape) =>
        rows.reshape(shape[0], shape[2], shape[3], shape[1]).permute(0, 3, 1, 2);

    public static (Tensor Indices, Tensor ZQ) Forward(Tensor zE, Tensor codebook)
    {
        var indices = NearestCode.Indices(Flatten(zE), codebook);
        // index_select keeps the graph to the codebook, which the codebook loss needs.
        var zQ = Unflatten(codebook.index_select(0, indices), zE.shape);
        return (indices.reshape(zE.shape[0], zE.shape[2], zE.shape[3]), zQ);
    }
}
