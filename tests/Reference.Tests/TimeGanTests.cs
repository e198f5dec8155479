using Course.Reference.TimeGan;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a08's reference: the GRU equations and each loss term on cases worked by hand, padded steps included.</summary>
[Collection(TorchCollection.Name)]
public sealed class TimeGanTests
{
    [Fact]
    public void The_gru_follows_pytorchs_equations_with_the_reset_gate_on_b_hn()
    {
        using var scope = NewDisposeScope();
        // I = H = 1. Only W_in = 1 and b_hn = 2 are non-zero, so r = z = σ(0) = ½ at every step and
        // n = tanh(x + ½·2) (W_hh = 0). Step 1, x = 1, h₀ = 0: h₁ = ½ tanh(2). Step 2, x = 0: h₂ = ½ tanh(1) + ½ h₁.
        using var gru = new Gru(1, 1, 1);
        using (no_grad())
        {
            var p = gru.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
            p["weight_ih_l0"].copy_(tensor(new[] { 0.0, 0.0, 1.0 }, [3, 1]));
            p["bias_hh_l0"].copy_(tensor(new[] { 0.0, 0.0, 2.0 }));
        }
        var h = gru.call(tensor(new[] { 1.0, 0.0 }, [1, 2, 1]));
        var h1 = 0.5 * Math.Tanh(2);
        Assert.Equal(h1, h[0, 0, 0].item<double>(), 1e-15);
        Assert.Equal(0.5 * Math.Tanh(1) + 0.5 * h1, h[0, 1, 0].item<double>(), 1e-15);
    }

    [Fact]
    public void The_reconstruction_loss_averages_over_valid_steps_only()
    {
        using var scope = NewDisposeScope();
        // x = [1, 2, 3] with length 2, x̃ = 0: (1 + 4) / 2; the padded 3 does not count.
        var lR = TimeGanLosses.Reconstruction(tensor(new[] { 1.0, 2.0, 3.0 }, [1, 3, 1]), zeros([1, 3, 1], ScalarType.Float64),
            tensor(new[] { 2L }));
        Assert.Equal(2.5, lR.item<double>(), 1e-15);
    }

    [Fact]
    public void The_supervisor_at_step_t_is_compared_with_the_embedding_at_t_plus_one()
    {
        using var scope = NewDisposeScope();
        // h = [0, 1, 5], s = [3, 7, 9], length 2: only the pair (h[1], s[0]) = (1, 3) is valid, (1 − 3)² = 4.
        var lS = TimeGanLosses.Supervised(tensor(new[] { 0.0, 1.0, 5.0 }, [1, 3, 1]), tensor(new[] { 3.0, 7.0, 9.0 }, [1, 3, 1]),
            tensor(new[] { 2L }));
        Assert.Equal(4.0, lS.item<double>(), 1e-15);
    }

    [Fact]
    public void Bce_on_logits_is_stable_and_skips_padded_steps()
    {
        using var scope = NewDisposeScope();
        // Logits [0, −800] with label 1, length 1: log 2 (the −800 would be 800 if it counted, and inf if computed naively).
        var logits = tensor(new[] { 0.0, -800.0 }, [1, 2, 1]);
        Assert.Equal(Math.Log(2), TimeGanLosses.Bce(logits, 1, tensor(new[] { 1L })).item<double>(), 1e-15);
        Assert.Equal(400 + Math.Log(2) / 2, TimeGanLosses.Bce(logits, 1, tensor(new[] { 2L })).item<double>(), 1e-12);
    }

    [Fact]
    public void Moments_are_over_the_sequences_valid_at_each_step_with_ddof_zero()
    {
        using var scope = NewDisposeScope();
        // Two sequences of lengths 2 and 1, one feature: x = [[0, 4], [2, 100 (padding)]], x̂ = 0.
        // Step 0: {0, 2}, mean 1, variance 1. Step 1: {4}, mean 4, variance 0. x̂: mean 0, variance 0 at both.
        // V1 = (|√1e-6 − √(1 + 1e-6)| + 0) / 2, V2 = (1 + 4) / 2.
        var x = tensor(new[] { 0.0, 4.0, 2.0, 100.0 }, [2, 2, 1]);
        var (v1, v2) = TimeGanLosses.Moments(x, zeros([2, 2, 1], ScalarType.Float64), tensor(new[] { 2L, 1L }));
        Assert.Equal((Math.Sqrt(1 + 1e-6) - 1e-3) / 2, v1.item<double>(), 1e-15);
        Assert.Equal(2.5, v2.item<double>(), 1e-15);
    }
}
