using Course.Reference.SentimentBaseline;

namespace Course.Reference.Tests;

/// <summary>The final project's baseline: its documented tokenisation, its vocabulary, and training twice from one seed.</summary>
[Collection(TorchCollection.Name)]
public sealed class SentimentBaselineTests
{
    static readonly string[] Classes = ["negative", "neutral", "positive"];

    [Fact]
    public void Tokens_are_lower_cased_runs_of_letters_or_digits_and_features_add_bigrams()
    {
        Assert.Equal(["eur15", "3", "m", "sepp", "ñl", "ñ"], NgramTokenizer.Tokens("EUR15 .3 m Sepp+ñl+ñ"));
        Assert.Equal(["profit", "did", "not", "rise", "profit did", "did not", "not rise"], NgramTokenizer.Features("Profit did not rise."));
    }

    [Fact]
    public void The_vocabulary_keeps_features_seen_twice_numbered_by_count_then_text_and_zero_for_none()
    {
        var vocabulary = Vocabulary.Build(["b a", "a b", "a c"], minCount: 2);
        Assert.Equal(3, vocabulary.Count); // 0, a, b
        Assert.Equal([1L, 2L, 1L], vocabulary.Encode("a b a"));
        Assert.Equal([0L], vocabulary.Encode("zzz"));
    }

    [Fact]
    public void Training_twice_from_one_seed_gives_the_same_weights_and_predictions()
    {
        var words = new[] { ("profit rose sharply", "positive"), ("sales fell and losses grew", "negative"), ("the meeting is on monday", "neutral") };
        List<LabelledRow> Rows(string prefix, int n) => Enumerable.Range(0, n)
            .Select(i => new LabelledRow($"{prefix}_{i}", $"{words[i % 3].Item1} {i % 5}", words[i % 3].Item2)).ToList();
        var settings = new BaselineSettings(11, Classes) { Epochs = 30, Dimensions = 8, LearningRate = 0.05 };
        var once = BaselineTrainer.Train(Rows("train", 60), Rows("val", 12), Rows("test", 12), settings);
        var again = BaselineTrainer.Train(Rows("train", 60), Rows("val", 12), Rows("test", 12), settings);
        Assert.Equal(once.Weights, again.Weights);
        Assert.Equal(once.Test, again.Test);
        // Words this distinct are learnt within a few dozen small epochs.
        Assert.Equal(1.0, once.ValidationMacroF1);
    }

    [Fact]
    public void Macro_f1_counts_a_class_that_never_appears_as_zero()
    {
        Assert.Equal(2.0 / 3, BaselineTrainer.MacroF1([0, 1, 1], [0, 1, 1], 3), 12);
    }
}
