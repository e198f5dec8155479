using Course.Contracts.Manifest;

namespace Course.Grader.Datasets;

/// <summary>
/// The split, deterministic given the seed, stated so it can be re-derived by hand:
/// <list type="number">
/// <item>one <see cref="SplitMix64"/> seeded with the dataset's seed draws everything below, in this order;</item>
/// <item>per class, in id order: the class's sentences in source order are shuffled; the first
///   n_test = floor(test_fraction·n + 0.5) go to test, the next n_val = floor(validation_fraction·n + 0.5) to
///   validation, the rest to training; of the class's test rows the first floor(public_fraction·n_test + 0.5) are
///   public, the rest private;</item>
/// <item>each of training, validation and test is then shuffled as a whole and numbered in that order
///   (<c>train_0001</c>, <c>val_0001</c>, <c>test_0001</c>), so an id says nothing of its label.</item>
/// </list>
/// </summary>
public static class StratifiedSplitter
{
    public static DatasetSplit Split(IReadOnlyList<LabelledSentence> sentences, DatasetSpec spec)
    {
        var random = new SplitMix64(unchecked((ulong)spec.Seed));
        var train = new List<(LabelledSentence S, string? Part)>();
        var validation = new List<(LabelledSentence S, string? Part)>();
        var test = new List<(LabelledSentence S, string? Part)>();
        foreach (var label in spec.Classes)
        {
            var rows = sentences.Where(s => s.Label == label).ToList();
            random.Shuffle(rows);
            var nTest = RoundHalfUp(spec.TestFraction * rows.Count);
            var nValidation = RoundHalfUp(spec.ValidationFraction * rows.Count);
            var nPublic = RoundHalfUp(spec.PublicFraction * nTest);
            test.AddRange(rows.Take(nTest).Select((s, i) => (s, (string?)(i < nPublic ? "public" : "private"))));
            validation.AddRange(rows.Skip(nTest).Take(nValidation).Select(s => (s, (string?)null)));
            train.AddRange(rows.Skip(nTest + nValidation).Select(s => (s, (string?)null)));
        }
        return new DatasetSplit(Number(train, "train", random), Number(validation, "val", random), Number(test, "test", random));
    }

    static int RoundHalfUp(double x) => (int)Math.Floor(x + 0.5);

    static List<SplitRow> Number(List<(LabelledSentence S, string? Part)> rows, string prefix, SplitMix64 random)
    {
        random.Shuffle(rows);
        return rows.Select((r, i) => new SplitRow($"{prefix}_{i + 1:D4}", r.S.Sentence, r.S.Label, r.Part)).ToList();
    }
}
