using Course.Reference.VectorQuantization;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a06's reference: the quantiser, its losses, perplexity and the EMA step on cases small enough to work by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class VectorQuantizationTests
{
    static double[] Values(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

    [Fact]
    public void The_nearest_code_breaks_exact_ties_towards_the_lowest_index()
    {
        using var scope = NewDisposeScope();
        // Codes on a line at 0, 1, 1 (a duplicate) and 3. z = 1 ties codes 1 and 2; z = 2 ties 1, 2 and 3 (distance 1
        // each); z = 0.4 is nearest 0; z = 2.6 is nearest 3.
        var codebook = tensor(new[] { 0.0, 0, 1, 0, 1, 0, 3, 0 }, [4, 2]);
        var z = tensor(new[] { 1.0, 0, 2, 0, 0.4, 0, 2.6, 0 }, [4, 2]);
        Assert.Equal([1L, 1, 0, 3], NearestCode.Indices(z, codebook).data<long>().ToArray());
    }

    [Fact]
    public void Quantize_moves_the_channels_last_before_looking_up_codes()
    {
        using var scope = NewDisposeScope();
        // z_e is (B=1, D=2, H=1, W=2): position w=0 holds (0.9, 0.2), w=1 holds (0.1, 0.1). Stored NCHW that is
        // [0.9, 0.1 | 0.2, 0.1]; a plain reshape(-1, 2) would pair (0.9, 0.1) and (0.2, 0.1) instead.
        var zE = tensor(new[] { 0.9, 0.1, 0.2, 0.1 }, [1, 2, 1, 2]);
        var codebook = tensor(new[] { 0.0, 0.0, 1.0, 0.0 }, [2, 2]);
        var (indices, zQ) = Quantizer.Forward(zE, codebook);
        Assert.Equal([1L, 1, 2], indices.shape);
        Assert.Equal([1L, 0], indices.data<long>().ToArray());
        // z_q back in NCHW: channel 0 is [1, 0] over w, channel 1 is [0, 0].
        Assert.Equal([1.0, 0, 0, 0], Values(zQ));
    }

    [Fact]
    public void The_straight_through_output_is_z_q_and_passes_the_gradient_at_z_q_to_z_e()
    {
        using var scope = NewDisposeScope();
        // z_e = (3, 4) at one position, nearest code (0, 0). L = ½ Σ (z_st − t)² with t = (1, 1): z_st = (0, 0),
        // ∂L/∂z_e = z_q − t = (−1, −1), not z_e − t = (2, 3).
        var zE = tensor(new[] { 3.0, 4.0 }, [1, 2, 1, 1]);
        var codebook = tensor(new[] { 0.0, 0.0, 10.0, 10.0 }, [2, 2]);
        var (zSt, gradient) = StraightThrough.WithLoss(zE, codebook, ones([1, 2, 1, 1], ScalarType.Float64));
        Assert.Equal([0.0, 0.0], Values(zSt));
        Assert.Equal([-1.0, -1.0], Values(gradient));
    }

    [Fact]
    public void The_codebook_loss_moves_only_the_codebook_and_the_commitment_loss_only_the_encoder()
    {
        using var scope = NewDisposeScope();
        // z_e = (3, 4), z_q = (0, 0): mean of (9, 16) = 12.5 for both terms, the commitment one times β = 0.25.
        // ∂/∂z_e = β · 2 (z_e − z_q) / 2 = (0.75, 1); ∂/∂e_0 = 2 (e_0 − z_e) / 2 = (−3, −4); the unused code gets 0.
        var zE = tensor(new[] { 3.0, 4.0 }, [1, 2, 1, 1]);
        var codebook = tensor(new[] { 0.0, 0.0, 10.0, 10.0 }, [2, 2]);
        var (codebookLoss, commitmentLoss, gradZE, gradCodebook) = VqLosses.WithGradients(zE, codebook, 0.25);
        Assert.Equal(12.5, codebookLoss.item<double>(), 1e-12);
        Assert.Equal(3.125, commitmentLoss.item<double>(), 1e-12);
        Assert.Equal([0.75, 1.0], Values(gradZE));
        Assert.Equal([-3.0, -4.0, 0.0, 0.0], Values(gradCodebook));
    }

    [Fact]
    public void Perplexity_counts_the_codes_in_use_and_ignores_unused_ones()
    {
        using var scope = NewDisposeScope();
        // Two of four codes, equally often: p = (½, ½, 0, 0), exp(ln 2) = 2. All four equally: 4. One code: 1.
        Assert.Equal(2.0, Perplexity.Of(tensor(new long[] { 0, 1, 1, 0 }), 4).item<double>(), 1e-12);
        Assert.Equal(4.0, Perplexity.Of(tensor(new long[] { 3, 1, 2, 0 }, [1, 2, 2]), 4).item<double>(), 1e-12);
        Assert.Equal(1.0, Perplexity.Of(tensor(new long[] { 2, 2, 2 }), 4).item<double>(), 1e-12);
    }

    [Fact]
    public void The_ema_step_keeps_the_unsmoothed_count_and_divides_by_the_smoothed_one()
    {
        using var scope = NewDisposeScope();
        // Codes 0 and 10 (D = 1); latents 1 and 3 both go to code 0: n = (2, 0), s = (4, 0).
        // γ = ½ from N = (1, 1), m = (0.5, 10): N = (1.5, 0.5), m = (2.25, 5).
        // ε = 1: Ñ = (N + 1) / (2 + 2) · 2 = (1.25, 0.75), e = (2.25 / 1.25, 5 / 0.75) = (1.8, 6.667).
        // ε = 0 is the paper's e = m / N = (1.5, 10).
        var zE = tensor(new[] { 1.0, 3.0 }, [1, 1, 1, 2]);
        var codebook = tensor(new[] { 0.0, 10.0 }, [2, 1]);
        var count = tensor(new[] { 1.0, 1.0 });
        var sum = tensor(new[] { 0.5, 10.0 }, [2, 1]);
        var (newCount, newSum, smoothed) = EmaCodebook.Step(zE, codebook, count, sum, 0.5, 1.0);
        Assert.Equal([1.5, 0.5], Values(newCount));
        Assert.Equal([2.25, 5.0], Values(newSum));
        Assert.Equal(1.8, Values(smoothed)[0], 1e-12);
        Assert.Equal(5.0 / 0.75, Values(smoothed)[1], 1e-12);
        var (_, _, plain) = EmaCodebook.Step(zE, codebook, count, sum, 0.5, 0.0);
        Assert.Equal([1.5, 10.0], Values(plain));
    }
}
