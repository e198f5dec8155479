using static TorchSharp.torch;

namespace Course.Reference.Transformer;

/// <summary>
/// PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model))
/// ("Attention Is All You Need", §3.5): sines on the even features, cosines on the odd ones, interleaved.
/// </summary>
public static class PositionalEncoding
{
    public static Tensor Sinusoidal(long length, long d_model)
    {
        if (d_model % 2 != 0) throw new ArgumentException($"d_model {d_model} must be even");
        var position = arange(length, ScalarType.Float64).unsqueeze(1);                 // (L, 1)
        var twoI = arange(0, d_model, 2, ScalarType.Float64);                           // (D/2)
        var angle = position / pow(10000.0, twoI / d_model);                           // (L, D/2)
        return stack([sin(angle), cos(angle)], dim: -1).reshape(length, d_model);      // interleave sin, cos
    }
}
