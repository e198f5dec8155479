namespace Course.Reference.SentimentBaseline;

/// <summary>
/// The features seen at least <c>minCount</c> times in the training sentences, numbered from 1 by falling count then
/// ordinal text (so the numbering depends on nothing but the data). Index 0 stands for a sentence with no known
/// feature, so every bag has at least one entry. Validation and test sentences never add to it.
/// </summary>
public sealed class Vocabulary
{
    readonly Dictionary<string, long> index;

    Vocabulary(Dictionary<string, long> index) => this.index = index;

    public long Count => index.Count + 1;

    public static Vocabulary Build(IEnumerable<string> trainingSentences, int minCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in trainingSentences)
            foreach (var feature in NgramTokenizer.Features(sentence))
                counts[feature] = counts.GetValueOrDefault(feature) + 1;
        var kept = counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, i) => (kv.Key, Index: (long)i + 1));
        return new Vocabulary(kept.ToDictionary(x => x.Key, x => x.Index, StringComparer.Ordinal));
    }

    /// <summary>The sentence's known features, repeated as often as they occur; [0] when none is known.</summary>
    public long[] Encode(string sentence)
    {
        var ids = NgramTokenizer.Features(sentence).Where(index.ContainsKey).Select(f => index[f]).ToArray();
        return ids.Length > 0 ? ids : [0];
    }
}
