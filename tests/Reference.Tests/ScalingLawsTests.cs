using Course.Reference.ScalingLaws;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a15's reference: the power laws, 6ND, the Chinchilla split, the log-log fit and the footprint, worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class ScalingLawsTests
{
    static Tensor T(params double[] values) => tensor(values, ScalarType.Float64);

    static double[] Values(Tensor t) => t.data<double>().ToArray();

    /// <summary>Element by element, |actual − expected| ≤ tol (absolute), or ≤ tol·|expected| when relative.</summary>
    static void Close(IEnumerable<double> expected, double[] actual, double tol, bool relative = false)
    {
        var e = expected.ToArray();
        Assert.Equal(e.Length, actual.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(actual[i] - e[i]) <= tol * (relative ? Math.Abs(e[i]) : 1), $"[{i}]: {actual[i]:R}, expected {e[i]:R}");
    }

    [Fact]
    public void The_loss_from_parameters_is_one_at_n_c_and_grows_as_the_model_shrinks()
    {
        using var scope = NewDisposeScope();
        // (100 / N)^0.5 at N = 100, 25, 4: 1, 2, 5.
        Close([1.0, 2.0, 5.0], Values(KaplanLaws.LossFromParameters(T(100, 25, 4), 100, 0.5)), 1e-14);
        Close([3.0, 1.0], Values(KaplanLaws.LossFromData(T(1, 27), 27, 1.0 / 3)), 1e-14);
    }

    [Fact]
    public void The_joint_law_raises_n_c_over_n_to_alpha_n_over_alpha_d_with_models_on_rows()
    {
        using var scope = NewDisposeScope();
        // α_N/α_D = 0.5/0.25 = 2: (16/4)² = 16 and (16/16)² = 1; D_c/D = 3/1, 3/3, 3/6. Bracket [[19, 17, 16.5], [4, 2, 1.5]]^(1/4).
        var trace = new StageTrace();
        var loss = KaplanLaws.LossFromParametersAndData(T(4, 16), T(1, 3, 6), 16, 3, 0.5, 0.25, trace);
        Assert.Equal([2L, 3L], loss.shape);
        double[] bracket = [19, 17, 16.5, 4, 2, 1.5];
        Close(bracket.Select(v => Math.Pow(v, 0.25)), Values(loss), 1e-14);
        Close([16.0, 1.0], Values(trace.Stages[0].Value), 1e-12);
    }

    [Fact]
    public void With_unlimited_data_the_joint_law_becomes_the_law_of_parameters()
    {
        using var scope = NewDisposeScope();
        var n = T(1e6, 3e8, 2e10);
        var joint = KaplanLaws.LossFromParametersAndData(n, T(1e300), 6.4e13, 1.8e13, 0.076, 0.103).squeeze(1);
        Close(Values(KaplanLaws.LossFromParameters(n, 6.4e13, 0.076)), Values(joint), 1e-12);
    }

    [Fact]
    public void Training_compute_is_six_n_d()
    {
        using var scope = NewDisposeScope();
        // A 2B-parameter model on 100B tokens: 6 · 2e9 · 1e11 = 1.2e21 FLOPs.
        Assert.Equal(1.2e21, TrainingCompute.Flops(T(2e9), T(1e11)).item<double>(), 1e21 * 1e-15);
    }

    [Fact]
    public void The_chinchilla_split_spends_the_whole_budget_and_is_symmetric_when_the_terms_are()
    {
        using var scope = NewDisposeScope();
        // A = B and α = β: G = 1 and a = b = ½, so N_opt = D_opt = √(C/6).
        var (n, d, _, a, b) = new ChinchillaOptimum(1.5, 400, 400, 0.3, 0.3).For(T(6e20, 6e22));
        Close([1e10, 1e11], Values(n), 1e-13, relative: true);
        Close(Values(n), Values(d), 1e-13, relative: true);
        Assert.Equal(0.5, a.item<double>(), 1e-15);
        Assert.Equal(0.5, b.item<double>(), 1e-15);
    }

    [Fact]
    public void With_the_paper_constants_gophers_budget_gives_about_32_billion_parameters()
    {
        using var scope = NewDisposeScope();
        var law = new ChinchillaOptimum(1.69, 406.4, 410.7, 0.34, 0.28);
        var budget = T(5.76e23);
        var (n, d, loss, a, _) = law.For(budget);
        Assert.Equal(3.219e10, n.item<double>(), 3.219e10 * 1e-4);
        Assert.Equal(5.76e23, (6 * n * d).item<double>(), 5.76e23 * 1e-13);
        Assert.Equal(0.28 / 0.62, a.item<double>(), 1e-15);  // a, the exponent of N_opt, has β on top
        // On the iso-FLOP curve, a model 1% larger or smaller (with the tokens that the budget then allows) does worse.
        foreach (var factor in new[] { 0.99, 1.01 })
        {
            var other = n * factor;
            Assert.True(law.Loss(other, budget / (6 * other)).item<double>() > loss.item<double>());
        }
    }

    [Fact]
    public void The_rule_of_thumb_gives_twenty_tokens_per_parameter()
    {
        using var scope = NewDisposeScope();
        // C = 6 · N · 20N = 120 N²: N = 1e9 needs C = 1.2e20 and D = 2e10.
        var (n, d) = ChinchillaOptimum.RuleOfThumb(T(1.2e20), 20);
        Assert.Equal(1e9, n.item<double>(), 1e9 * 1e-14);
        Assert.Equal(2e10, d.item<double>(), 2e10 * 1e-14);
    }

    [Fact]
    public void The_fit_is_least_squares_in_natural_logs()
    {
        using var scope = NewDisposeScope();
        // ln N = 0, 1, 2 and ln L = 1, 0, −0.5: mean ln L = 1/6, slope = ((−1)(5/6) + (1)(−2/3)) / 2 = −3/4, so α = 0.75
        // and the intercept is 1/6 + 3/4 = 11/12 (natural log; base-10 logs would give 11/12 / ln 10).
        var n = T(1, Math.E, Math.E * Math.E);
        var (alpha, intercept) = PowerLawFit.Fit(n, T(1, 0, -0.5).exp());
        Assert.Equal(0.75, alpha.item<double>(), 1e-14);
        Assert.Equal(11.0 / 12, intercept.item<double>(), 1e-14);
    }

    [Fact]
    public void On_an_exact_power_law_the_fit_recovers_a_and_alpha_and_extrapolates_it()
    {
        using var scope = NewDisposeScope();
        var n = T(1e6, 3e6, 1e7, 5e7, 2e8, 1e9);
        var (alpha, intercept) = PowerLawFit.Fit(n, 11.4 * n.pow(-0.076));
        Assert.Equal(0.076, alpha.item<double>(), 1e-12);
        Assert.Equal(11.4, intercept.exp().item<double>(), 1e-10);
        Assert.Equal(11.4 * Math.Pow(1e12, -0.076), PowerLawFit.Predict(T(1e12), alpha, intercept).item<double>(), 1e-12);
    }

    [Fact]
    public void The_footprint_counts_utilisation_kilowatts_and_pue()
    {
        using var scope = NewDisposeScope();
        // 2 GPUs of 1e15 FLOP/s at 50% utilisation deliver 1e15 FLOP/s: 3.6e18 FLOPs take 1 hour, 2 GPU-hours;
        // 2 GPU-hours at 500 W is 1 kWh, 1.5 kWh with a PUE of 1.5, and 0.6 kg CO₂e at 0.4 kg/kWh.
        var (hours, gpuHours, kwh, kg) = new TrainingFootprint(2, 1e15, 0.5, 500, 1.5, 0.4).Of(T(3.6e18, 7.2e18));
        Close([1.0, 2.0], Values(hours), 1e-14);
        Close([2.0, 4.0], Values(gpuHours), 1e-14);
        Close([1.5, 3.0], Values(kwh), 1e-14);
        Close([0.6, 1.2], Values(kg), 1e-14);
    }
}
