using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>Boolean attention masks (true = may attend). None of them masks out a whole query row.</summary>
public static class Masks
{
    /// <param name="perQuery">Whether padding masks get a full (…, Lq, Lk) shape rather than broadcasting as (…, 1, Lk).</param>
    public static Tensor? Make(string kind, long[] batch, long lq, long lk, bool perQuery) => kind switch
    {
        "none" => null,
        "padding" => Padding(batch, lq, lk, perQuery),
        "causal" => Causal(batch, lq, lk, perQuery),
        "random" => Random(batch, lq, lk),
        _ => throw new ArgumentException($"mask kind '{kind}' is not none, padding, causal or random"),
    };

    /// <summary>Each sequence of the batch has 1..Lk real keys; the rest are padding.</summary>
    static Tensor Padding(long[] batch, long lq, long lk, bool perQuery)
    {
        var lengths = randint(1, lk + 1, batch.Length == 0 ? [1] : batch, ScalarType.Int64);
        var keep = arange(lk, ScalarType.Int64) < lengths.unsqueeze(-1); // (…batch, Lk)
        if (batch.Length == 0) keep = keep.squeeze(0);
        var rows = keep.unsqueeze(-2);                                    // (…batch, 1, Lk)
        return perQuery ? rows.expand([.. batch, lq, lk]).contiguous() : rows;
    }

    /// <summary>Query i sees keys up to i + (Lk − Lq): the usual look-ahead mask, aligned to the end.</summary>
    static Tensor Causal(long[] batch, long lq, long lk, bool perQuery)
    {
        if (lk < lq) throw new ArgumentException("a causal mask needs Lk ≥ Lq");
        var mask = ones([lq, lk], ScalarType.Bool).tril(lk - lq);
        return perQuery ? mask.expand([.. batch, lq, lk]).contiguous() : mask;
    }

    static Tensor Random(long[] batch, long lq, long lk)
    {
        var mask = rand([.. batch, lq, lk], ScalarType.Float64) < 0.7;
        // Guarantee one visible key per query row.
        var guard = (arange(lq, ScalarType.Int64).unsqueeze(-1) % lk) == arange(lk, ScalarType.Int64);
        return mask.logical_or(guard);
    }

    /// <summary>(B, L) true for real tokens: each sequence has 1…L of them, padding after. The first is never padded.</summary>
    public static Tensor RealTokens(long batch, long length)
    {
        var lengths = randint(1, length + 1, [batch], ScalarType.Int64);
        lengths[0] = length;
        return arange(length, ScalarType.Int64) < lengths.unsqueeze(-1);
    }
}
