using Course.Reference.SyntheticEvaluation;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a09's reference: statistics, Fréchet distances and one training step each of the post-hoc models, worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class SyntheticEvaluationTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    [Fact]
    public void The_covariance_divides_by_n_minus_one()
    {
        using var scope = NewDisposeScope();
        // Rows (1, 2), (3, 6), (5, 4): μ = (3, 4); centred (−2, −2), (0, 2), (2, 0); Σ = [[8, 4], [4, 8]] / (3 − 1).
        var (mu, sigma) = GaussianStatistics.Of(T([1, 2, 3, 6, 5, 4], 3, 2));
        Assert.Equal([3.0, 4.0], mu.data<double>().ToArray());
        Assert.Equal([4.0, 2.0, 2.0, 4.0], sigma.data<double>().ToArray());
    }

    [Fact]
    public void For_diagonal_covariances_the_distance_is_the_sum_of_squared_differences_of_roots()
    {
        using var scope = NewDisposeScope();
        // ‖(0, 0) − (1, 2)‖² = 5; diag(4, 9) and diag(1, 16) commute: Σ (√a − √b)² = (2 − 1)² + (3 − 4)² = 2.
        var d = FrechetDistance.Of(T([0, 0], 2), T([4, 0, 0, 9], 2, 2), T([1, 2], 2), T([1, 0, 0, 16], 2, 2));
        Assert.Equal(7.0, d.item<double>(), 1e-12);
    }

    [Fact]
    public void For_non_commuting_two_by_two_covariances_the_trace_root_has_a_closed_form()
    {
        using var scope = NewDisposeScope();
        // The eigenvalues λ1, λ2 of S1 S2 give (√λ1 + √λ2)² = Tr(S1 S2) + 2 √(det S1 det S2). S1 = [[2, 1], [1, 2]] (det 3),
        // S2 = diag(1, 4) (det 4): S1 S2 = [[2, 4], [1, 8]], trace 10, so Tr (S1 S2)^(1/2) = √(10 + 2√12).
        var trace = new StageTrace();
        var d = FrechetDistance.Of(T([1, 1], 2), T([2, 1, 1, 2], 2, 2), T([1, 1], 2), T([1, 0, 0, 4], 2, 2), trace);
        var traceSqrt = Math.Sqrt(10 + 2 * Math.Sqrt(12));
        Assert.Equal(traceSqrt, trace.Stages.Single(s => s.Name == "trace_sqrt").Value.item<double>(), 1e-12);
        Assert.Equal(4 + 5 - 2 * traceSqrt, d.item<double>(), 1e-12);
    }

    [Fact]
    public void A_singular_covariance_against_itself_is_at_distance_zero_not_nan()
    {
        using var scope = NewDisposeScope();
        // [[1, 1], [1, 1]] has eigenvalues 2 and 0; rounding may make the 0 negative, which the clamp turns back into 0.
        var sigma = T([1, 1, 1, 1], 2, 2);
        var d = FrechetDistance.Of(T([0.5, -1], 2), sigma, T([0.5, -1], 2), sigma).item<double>();
        Assert.True(double.IsFinite(d));
        Assert.Equal(0.0, d, 1e-6);  // √(rounding) of a zero eigenvalue is ~1e-8
    }

    [Fact]
    public void One_descent_step_of_the_classifier_and_the_strict_threshold()
    {
        using var scope = NewDisposeScope();
        // Train on real x = 1 and synthetic x = −1 from w = b = 0: p = ½ for both, ∂L/∂w = (−½·1 + ½·(−1)) / 2 = −½,
        // ∂L/∂b = 0, so one step at lr 1 gives w = ½, b = 0. Held out, real 2 and 1 are right; synthetic 0 has logit
        // exactly 0, which is not > 0, so it is called synthetic (right); synthetic 0.2 is called real (wrong): 3 of 4.
        var (score, accuracy, w, b) = DiscriminativeScore.Of(T([1], 1, 1, 1), T([-1], 1, 1, 1), T([2, 1], 2, 1, 1),
            T([0, 0.2], 2, 1, 1), T([0], 1, 1), tensor(0.0), 1, 1.0);
        Assert.Equal(0.5, w.item<double>(), 1e-15);
        Assert.Equal(0.0, b.item<double>(), 1e-15);
        Assert.Equal(0.75, accuracy.item<double>());
        Assert.Equal(0.25, score.item<double>());
    }

    [Fact]
    public void Below_chance_the_score_is_still_the_distance_from_one_half()
    {
        using var scope = NewDisposeScope();
        // No training (0 steps), w = 1, b = 0: real −1 (wrong), 1 (right); synthetic 0.2, 0.3 (both wrong): accuracy ¼.
        var (score, accuracy, _, _) = DiscriminativeScore.Of(T([1], 1, 1, 1), T([-1], 1, 1, 1), T([-1, 1], 2, 1, 1),
            T([0.2, 0.3], 2, 1, 1), T([1], 1, 1), tensor(0.0), 0, 1.0);
        Assert.Equal(0.25, accuracy.item<double>());
        Assert.Equal(0.25, score.item<double>());
    }

    [Fact]
    public void The_predictor_trains_on_synthetic_and_is_scored_on_the_next_step_of_real()
    {
        using var scope = NewDisposeScope();
        // Synthetic [[1, 0], [0, 3]]: input 1 (feature 0 at t = 0), target 3 (last feature at t = 1). From w = b = 0 the
        // residual is −3, ∂L/∂w = 2·(−3)·1 = −6, ∂L/∂b = −6; at lr ¼: w = b = 1.5. Real [[2, 0], [0, 4], [1, 5]]:
        // t = 0 predicts 2·1.5 + 1.5 = 4.5 for 4, t = 1 predicts 1.5 for 5; MAE (0.5 + 3.5) / 2 = 2.
        var trace = new StageTrace();
        var (mae, w, b) = PredictiveScore.Of(T([1, 0, 0, 3], 1, 2, 2), T([2, 0, 0, 4, 1, 5], 1, 3, 2), T([0], 1), tensor(0.0), 1, 0.25, trace);
        Assert.Equal(1.5, w.item<double>(), 1e-15);
        Assert.Equal(1.5, b.item<double>(), 1e-15);
        Assert.Equal([4.5, 1.5], trace.Stages.Single(s => s.Name == "predictions").Value.data<double>().ToArray());
        Assert.Equal(2.0, mae.item<double>(), 1e-15);
    }
}
