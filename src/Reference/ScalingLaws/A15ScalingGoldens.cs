using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// a15-scaling: Kaplan's power laws, training compute, Chinchilla's compute-optimal split, a power-law fit in log space
/// and the energy and emissions of a training run. Sizes, budgets and noisy losses are drawn here from the seed and
/// passed in; the fitted constants come from the test's case and reach the student as Python floats.
/// </summary>
public sealed class A15ScalingGoldens : IGoldenGenerator
{
    public string Name => "a15-scaling";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        using var scope = NewDisposeScope();
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        // Inputs are drawn in float64, stored in the test's dtype, and the reference reads back what was stored.
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        // Log-uniform magnitudes 10^[lo, hi): sizes and budgets spread over decades, as on a scaling plot.
        Tensor Decades(long[] shape, double lo, double hi) => Stored(pow(10.0, lo + (hi - lo) * rand(shape, ScalarType.Float64)));
        void Constant(string name) => set.Value(call, name, p.Double(name));

        switch (test.Entry)
        {
            case "loss_from_parameters":
            {
                var n = Decades([p.Int("count")], 6, 11);
                set.Input(call, "N", n.to_type(dtype));
                Constant("N_c");
                Constant("alpha_N");
                set.Expect(call, "loss", KaplanLaws.LossFromParameters(n, p.Double("N_c"), p.Double("alpha_N")));
                break;
            }
            case "loss_from_data":
            {
                var d = Decades([p.Int("count")], 7, 12);
                set.Input(call, "D", d.to_type(dtype));
                Constant("D_c");
                Constant("alpha_D");
                set.Expect(call, "loss", KaplanLaws.LossFromData(d, p.Double("D_c"), p.Double("alpha_D")));
                break;
            }
            case "loss_from_parameters_and_data":
            {
                var n = Decades([p.Int("params")], 6, 10);
                var d = Decades([p.Int("tokens")], 8, 12);
                set.Input(call, "N", n.to_type(dtype));
                set.Input(call, "D", d.to_type(dtype));
                foreach (var name in new[] { "N_c", "D_c", "alpha_N", "alpha_D" }) Constant(name);
                var trace = new StageTrace();
                set.Expect(call, "loss", KaplanLaws.LossFromParametersAndData(n, d, p.Double("N_c"), p.Double("D_c"), p.Double("alpha_N"), p.Double("alpha_D"), trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "training_flops":
            {
                var shape = p.Dims("shape");
                var n = Decades(shape, 8, 11);
                var d = Decades(shape, 9, 12);
                set.Input(call, "N", n.to_type(dtype));
                set.Input(call, "D", d.to_type(dtype));
                set.Expect(call, "flops", TrainingCompute.Flops(n, d));
                break;
            }
            case "chinchilla_optimal":
            {
                var budget = Decades([p.Int("budgets")], 19, 25);
                // Gopher's budget first when asked: with the paper's constants it gives the ≈ 32.2B quoted in the statement.
                if (p.Flag("gopher_first")) budget = Stored(cat([tensor(new[] { 5.76e23 }, ScalarType.Float64), budget[1..]]));
                set.Input(call, "C", budget.to_type(dtype));
                foreach (var name in new[] { "E", "A", "B", "alpha", "beta" }) Constant(name);
                var law = new ChinchillaOptimum(p.Double("E"), p.Double("A"), p.Double("B"), p.Double("alpha"), p.Double("beta"));
                var trace = new StageTrace();
                var (nOpt, dOpt, loss, a, b) = law.For(budget, trace);
                set.Expect(call, "N_opt", nOpt);
                set.Expect(call, "D_opt", dOpt);
                set.Expect(call, "loss", loss);
                set.Expect(call, "a", a);
                set.Expect(call, "b", b);
                set.ExpectStages(call, trace);
                break;
            }
            case "rule_of_thumb":
            {
                var budget = Decades([p.Int("budgets")], 19, 25);
                set.Input(call, "C", budget.to_type(dtype));
                Constant("tokens_per_parameter");
                var (n, d) = ChinchillaOptimum.RuleOfThumb(budget, p.Double("tokens_per_parameter"));
                set.Expect(call, "N", n);
                set.Expect(call, "D", d);
                break;
            }
            case "fit_power_law":
            {
                // Sizes spread evenly in log over [lo, hi] with a little jitter; losses a·N^(−α) times log-normal noise.
                var (count, lo, hi) = (p.Int("points"), p.Double("lo"), p.Double("hi"));
                var grid = linspace(lo, hi, count, ScalarType.Float64) + 0.1 * (rand([count], ScalarType.Float64) - 0.5);
                var n = Stored(pow(10.0, grid));
                var loss = Stored(p.Double("a") * n.pow(-p.Double("alpha")) * (p.Double("noise") * randn([count], ScalarType.Float64)).exp());
                var nNew = Decades([p.Int("new")], hi + 0.5, hi + 2.5);
                set.Input(call, "N", n.to_type(dtype));
                set.Input(call, "L", loss.to_type(dtype));
                set.Input(call, "N_new", nNew.to_type(dtype));
                var (alpha, intercept) = PowerLawFit.Fit(n, loss);
                set.Expect(call, "alpha", alpha);
                set.Expect(call, "intercept", intercept);
                set.Expect(call, "a", intercept.exp());
                set.Expect(call, "L_new", PowerLawFit.Predict(nNew, alpha, intercept));
                break;
            }
            case "training_footprint":
            {
                var flops = Decades([p.Int("runs")], 20, 24);
                set.Input(call, "flops", flops.to_type(dtype));
                set.Value(call, "n_gpus", p.Int("n_gpus"));
                foreach (var name in new[] { "peak_flops", "utilisation", "watts", "pue", "kg_per_kwh" }) Constant(name);
                var footprint = new TrainingFootprint(p.Int("n_gpus"), p.Double("peak_flops"), p.Double("utilisation"), p.Double("watts"), p.Double("pue"), p.Double("kg_per_kwh"));
                var (hours, gpuHours, kwh, kg) = footprint.Of(flops);
                set.Expect(call, "hours", hours);
                set.Expect(call, "gpu_hours", gpuHours);
                set.Expect(call, "kwh", kwh);
                set.Expect(call, "kg_co2e", kg);
                break;
            }
            default: throw new ArgumentException($"test '{test.Name}': a15 has no entry point '{test.Entry}'");
        }
    }
}
