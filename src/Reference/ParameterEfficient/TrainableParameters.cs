namespace Course.Reference.ParameterEfficient;

/// <summary>
/// Trainable parameters of each method on a stack of n_layers Transformer encoder layers of width d (no embeddings,
/// no head). A layer is self-attention with q, k, v and output projections (d × d, with biases), a feed-forward block
/// d → d_ff → d (with biases) and two LayerNorms (weight and bias), so full fine-tuning trains
/// 4(d² + d) + 2·d·d_ff + d_ff + d + 4d per layer: 85,054,464 for BERT-base's encoder (d = 768, d_ff = 3072, 12 layers).
/// </summary>
public static class TrainableParameters
{
    public static long FullFineTuning(long d, long layers, long dFf) => layers * (4 * (d * d + d) + 2 * d * dFf + dFf + d + 4 * d);

    /// <summary>A (r, d) and B (d, r) on W_q and W_v of every layer (the paper's GPT-3 setting): 4·r·d per layer.</summary>
    public static long Lora(long d, long layers, long r) => layers * 2 * (r * d + d * r);

    /// <summary>One (P, d) soft prompt at the input, shared by every layer.</summary>
    public static long PromptTuning(long d, long promptLength) => promptLength * d;

    /// <summary>P keys and P values of width d in every layer; the training-time reparameterisation MLP is not kept.</summary>
    public static long PrefixTuning(long d, long layers, long prefixLength) => layers * 2 * prefixLength * d;

    /// <summary>Two Houlsby adapters per layer, each 2·m·d weights plus m + d biases.</summary>
    public static long Adapters(long d, long layers, long bottleneck) => layers * 2 * (2 * bottleneck * d + bottleneck + d);
}
