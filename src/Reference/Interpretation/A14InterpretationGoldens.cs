using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// a14-interpretation: saliency, gradient × input, integrated gradients, SmoothGrad, FGSM, PGD and a feature-visualisation
/// ascent on a small CNN whose weights are inputs. Every random tensor (images, weights, labels, baselines, noise, the
/// PGD start) is drawn here from the test's seed and passed in. A draw is refused, and the next one taken, when a ReLU
/// comes within <see cref="KinkMargin"/> of its kink at any evaluated input, or when a loss-gradient component that FGSM
/// or PGD takes the sign of is within <see cref="SignMargin"/> (relative) of 0: there float32 arithmetic could land on
/// the other side and a correct submission would be off by a whole unit's gradient or by 2α.
/// </summary>
public sealed class A14InterpretationGoldens : IGoldenGenerator
{
    const double KinkMargin = 1e-5;
    const double SignMargin = 1e-4;
    const int Attempts = 50;

    public string Name => "a14-interpretation";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var draft = new Draft();
            var accepted = test.Entry switch
            {
                "saliency" => Gradients(p, draft),
                "gradient_times_input" => TimesInput(p, draft),
                "integrated_gradients" => Integrated(p, draft),
                "smoothgrad" => Smooth(p, draft),
                "fgsm" => FastGradientSign(p, draft),
                "pgd" => ProjectedGradient(p, draft),
                "feature_visualization" => Visualize(p, draft),
                _ => throw new ArgumentException($"test '{test.Name}': a14 has no entry point '{test.Entry}'"),
            };
            if (accepted)
            {
                draft.Emit(set, set.Call(test.Name, test.Entry));
                return;
            }
        }
        throw new InvalidOperationException($"test '{test.Name}': {Attempts} draws all came near a ReLU kink or a zero gradient; change the case");
    }

    /// <summary>What one attempt would write, kept until the attempt is accepted.</summary>
    sealed class Draft
    {
        readonly List<Action<GoldenSet, GoldenCall>> writes = [];
        public void Input(string name, Tensor t) => writes.Add((s, c) => s.Input(c, name, t));
        public void InputDict(string name, Dictionary<string, Tensor> d) => writes.Add((s, c) => s.InputDict(c, name, d));
        public void Value(string name, double v) => writes.Add((s, c) => s.Value(c, name, v));
        public void Value(string name, long v) => writes.Add((s, c) => s.Value(c, name, v));
        public void Expect(string name, Tensor t) => writes.Add((s, c) => s.Expect(c, name, t));
        public void Stages(StageTrace trace) => writes.Add((s, c) => s.ExpectStages(c, trace));
        public void Emit(GoldenSet set, GoldenCall call) { foreach (var write in writes) write(set, call); }
    }

    static Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

    /// <summary>The images, in [0, 1], of the test's shape, stored in its dtype.</summary>
    static Tensor Images(CaseParameters p) =>
        rand([p.Int("batch"), p.Int("channels"), p.Int("height"), p.Int("width")], ScalarType.Float64).to_type(p.DType());

    static Tensor Classes(CaseParameters p) => randint(0, p.Int("classes"), [p.Int("batch")], ScalarType.Int64);

    /// <summary>Weights scaled by 1/√fan_in and small biases, so logits stay near unit scale; the model works in float64.</summary>
    static (SmallCnn Model, Dictionary<string, Tensor> Weights) Model(CaseParameters p)
    {
        var (channels, hidden, height, width, classes) = (p.Int("channels"), p.Int("hidden"), p.Int("height"), p.Int("width"), p.Int("classes"));
        var dtype = p.DType();
        var features = hidden * height * width;
        var w = new Dictionary<string, Tensor>
        {
            ["conv.weight"] = (randn([hidden, channels, 3, 3], ScalarType.Float64) / Math.Sqrt(9 * channels)).to_type(dtype),
            ["conv.bias"] = (0.1 * randn([hidden], ScalarType.Float64)).to_type(dtype),
            ["fc.weight"] = (randn([classes, features], ScalarType.Float64) / Math.Sqrt(features)).to_type(dtype),
            ["fc.bias"] = (0.1 * randn([classes], ScalarType.Float64)).to_type(dtype),
        };
        var model = new SmallCnn(channels, hidden, height, width, classes);
        model.LoadCourseParameters(w.ToFloat64());
        return (model, w);
    }

    /// <summary>The baseline of gradient × input and IG: black (0), mid-grey (0.5) or a uniform random image.</summary>
    static Tensor Baseline(CaseParameters p, Tensor x) => p.Text("baseline") switch
    {
        "black" => zeros_like(x),
        "gray" => full_like(x, 0.5),
        "uniform" => rand(x.shape, ScalarType.Float64).to_type(x.dtype),
        var other => throw new ArgumentException($"baseline '{other}' is not black, gray or uniform"),
    };

    static bool FarFromKinks(SmallCnn model) => model.ClosestToKink >= KinkMargin;

    /// <summary>Collects, over every loss gradient FGSM or PGD takes the sign of, the smallest |g| relative to the largest.</summary>
    sealed class SignGuard
    {
        public double Worst { get; private set; } = double.PositiveInfinity;
        public void Observe(Tensor g) => Worst = Math.Min(Worst, (g.abs().min() / g.abs().max()).item<double>());
        public bool Safe => Worst >= SignMargin;
    }

    static bool Gradients(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var target = Classes(p);
        var (model, w) = Model(p);
        var gradient = Saliency.Gradient(model, F64(x), target);
        d.Input("x", x);
        d.Input("target", target);
        d.InputDict("params", w);
        d.Expect("gradient", gradient);
        d.Expect("saliency", Saliency.Map(gradient));
        return FarFromKinks(model);
    }

    static bool TimesInput(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var baseline = Baseline(p, x);
        var target = Classes(p);
        var (model, w) = Model(p);
        d.Input("x", x);
        d.Input("baseline", baseline);
        d.Input("target", target);
        d.InputDict("params", w);
        d.Expect("attribution", GradientTimesInput.Compute(model, F64(x), F64(baseline), target));
        return FarFromKinks(model);
    }

    static bool Integrated(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var baseline = Baseline(p, x);
        var target = Classes(p);
        var (model, w) = Model(p);
        var steps = p.Int("steps");
        var trace = new StageTrace();
        var (attributions, gap) = IntegratedGradients.Compute(model, F64(x), F64(baseline), target, steps, trace);
        d.Input("x", x);
        d.Input("baseline", baseline);
        d.Input("target", target);
        d.InputDict("params", w);
        d.Value("steps", steps);
        d.Expect("attributions", attributions);
        d.Expect("completeness_gap", gap);
        d.Stages(trace);
        return FarFromKinks(model);
    }

    static bool Smooth(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var target = Classes(p);
        var (model, w) = Model(p);
        var noise = (p.Double("sigma") * randn([p.Int("samples"), .. x.shape], ScalarType.Float64)).to_type(x.dtype);
        d.Input("x", x);
        d.Input("noise", noise);
        d.Input("target", target);
        d.InputDict("params", w);
        d.Expect("smoothgrad", SmoothGrad.Compute(model, F64(x), F64(noise), target));
        return FarFromKinks(model);
    }

    static bool FastGradientSign(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var label = Classes(p);
        var (model, w) = Model(p);
        var eps = p.Double("eps");
        var guard = new SignGuard();
        d.Input("x", x);
        d.Input("label", label);
        d.InputDict("params", w);
        d.Value("eps", eps);
        d.Expect("x_adv", Fgsm.Attack(model, F64(x), label, eps, guard.Observe));
        return FarFromKinks(model) && guard.Safe;
    }

    static bool ProjectedGradient(CaseParameters p, Draft d)
    {
        var x = Images(p);
        var label = Classes(p);
        var (model, w) = Model(p);
        var (eps, alpha, steps) = (p.Double("eps"), p.Double("alpha"), p.Int("steps"));
        // The random start of Madry et al.: uniform in the ε-ball.
        var delta0 = (eps * (2 * rand(x.shape, ScalarType.Float64) - 1)).to_type(x.dtype);
        var guard = new SignGuard();
        var trace = new StageTrace();
        d.Input("x", x);
        d.Input("label", label);
        d.Input("delta0", delta0);
        d.InputDict("params", w);
        d.Value("eps", eps);
        d.Value("alpha", alpha);
        d.Value("steps", steps);
        d.Expect("x_adv", Pgd.Attack(model, F64(x), label, F64(delta0), eps, alpha, steps, trace, guard.Observe));
        d.Stages(trace);
        return FarFromKinks(model) && guard.Safe;
    }

    static bool Visualize(CaseParameters p, Draft d)
    {
        // Start from a grey image with a little noise, as feature visualisation usually does.
        var x0 = (0.5 + 0.1 * randn([p.Int("batch"), p.Int("channels"), p.Int("height"), p.Int("width")], ScalarType.Float64)).clamp(0.0, 1.0).to_type(p.DType());
        var target = Classes(p);
        var (model, w) = Model(p);
        var (lr, l2, steps) = (p.Double("lr"), p.Double("l2"), p.Int("steps"));
        d.Input("x0", x0);
        d.Input("target", target);
        d.InputDict("params", w);
        d.Value("lr", lr);
        d.Value("l2", l2);
        d.Value("steps", steps);
        d.Expect("x", FeatureVisualization.Ascend(model, F64(x0), target, lr, l2, steps));
        return FarFromKinks(model);
    }
}
