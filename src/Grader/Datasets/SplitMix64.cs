namespace Course.Grader.Datasets;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose whole definition is these lines, so the split
/// is the same on every .NET version and can be re-derived in any language (System.Random's seeded sequence is an
/// implementation detail).
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, n): <c>Next() mod n</c> (the bias, below 2^-50 for these sizes, does not matter here).</summary>
    public int Below(int n) => (int)(Next() % (ulong)n);

    /// <summary>Fisher–Yates from the last index down: swap item i with item Below(i + 1).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
