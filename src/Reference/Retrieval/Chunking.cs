using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Fixed-size chunks of a token sequence with overlap counted in tokens: windows of <c>size</c> tokens starting every
/// <c>size − overlap</c> tokens, the last one short rather than shifted back, and no window after one that already
/// reaches the end (it would lie entirely inside it).
/// </summary>
public static class Chunking
{
    /// <returns>(C, 2) half-open token spans [start, end).</returns>
    public static Tensor Spans(long tokens, long size, long overlap)
    {
        if (overlap < 0 || overlap >= size) throw new ArgumentException("overlap must be in [0, size)");
        var spans = new List<long>();
        for (long start = 0; ; start += size - overlap)
        {
            var end = Math.Min(start + size, tokens);
            spans.AddRange([start, end]);
            if (end == tokens) break;
        }
        return tensor(spans.ToArray(), [spans.Count / 2, 2], ScalarType.Int64);
    }
}
