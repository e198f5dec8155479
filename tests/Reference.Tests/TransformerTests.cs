using Course.Reference.Transformer;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>The a02 pieces that are formulas, checked against values worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class TransformerTests
{
    [Fact]
    public void Positional_encoding_interleaves_sines_and_cosines_of_the_paper_s_frequencies()
    {
        using var scope = NewDisposeScope();
        var pe = PositionalEncoding.Sinusoidal(3, 4);

        Assert.Equal([3L, 4L], pe.shape);
        // Position 0: sin 0 = 0 and cos 0 = 1 at every frequency.
        Assert.Equal([0.0, 1.0, 0.0, 1.0], pe[0].data<double>().ToArray());
        // Position 2, features 2 and 3: frequency 1/10000^(2/4) = 1/100.
        Assert.Equal(Math.Sin(0.02), pe[2, 2].item<double>(), 1e-15);
        Assert.Equal(Math.Cos(0.02), pe[2, 3].item<double>(), 1e-15);
        Assert.Equal(Math.Sin(1.0), pe[1, 0].item<double>(), 1e-15);
    }

    [Fact]
    public void The_learning_rate_rises_linearly_to_its_peak_at_the_last_warm_up_step_then_decays()
    {
        using var scope = NewDisposeScope();
        var rate = WarmupSchedule.LearningRate(tensor(new long[] { 1, 4000, 16000 }), 512, 4000).data<double>().ToArray();

        Assert.Equal(1 / Math.Sqrt(512) / Math.Pow(4000, 1.5), rate[0], 1e-18);     // step · warmup^−1.5
        Assert.Equal(1 / Math.Sqrt(512) / Math.Sqrt(4000), rate[1], 1e-15);         // both terms meet
        Assert.Equal(1 / Math.Sqrt(512) / Math.Sqrt(16000), rate[2], 1e-15);        // step^−0.5 after the peak
    }

    [Fact]
    public void Masked_loss_and_accuracy_ignore_padding_positions()
    {
        using var scope = NewDisposeScope();
        // One sequence of three positions over a vocabulary of 2; the last position is padding (target 0).
        // Position 0: logits [0, ln 3] → p(1) = 3/4. Position 1: logits [ln 3, 0] → p(1) = 1/4.
        var logits = tensor(new[] { 0.0, Math.Log(3), Math.Log(3), 0.0, 100.0, -100.0 }, [1, 3, 2]);
        var targets = tensor(new long[] { 1, 1, 0 }, [1, 3]);

        var loss = MaskedMetrics.Loss(logits, targets).item<double>();
        Assert.Equal(-(Math.Log(0.75) + Math.Log(0.25)) / 2, loss, 1e-12);
        // Position 0 predicts 1 (right), position 1 predicts 0 (wrong); the padding's prediction does not count.
        Assert.Equal(0.5, MaskedMetrics.Accuracy(logits, targets).item<double>());
    }
}
