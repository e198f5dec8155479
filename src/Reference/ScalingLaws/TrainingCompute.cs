using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// Training compute C ≈ 6·N·D FLOPs (Kaplan et al. 2020, §2.1): the forward pass costs 2 FLOPs (one multiply-add) per
/// parameter per token, the backward pass twice that. The attention term (2·n_layer·n_ctx·d_attn per token) is left out.
/// </summary>
public static class TrainingCompute
{
    public static Tensor Flops(Tensor n, Tensor d) => 6 * n * d;
}
