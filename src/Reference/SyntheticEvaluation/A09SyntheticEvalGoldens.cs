using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// a09-synthetic-eval: Gaussian statistics, the Fréchet distance and FID on random features; the discriminative
/// and predictive scores with their post-hoc models' initial weights, step count and learning rate as inputs, so the
/// full-batch training is deterministic.
/// </summary>
public sealed class A09SyntheticEvalGoldens : IGoldenGenerator
{
    public string Name => "a09-synthetic-eval";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        // Inputs are drawn in float64, stored in the test's dtype, and the reference reads back what was stored.
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);

        switch (test.Entry)
        {
            case "gaussian_statistics":
            {
                var features = Stored(Features(p.Int("n"), p.Int("d"), 0.0));
                set.Input(call, "features", features.to_type(dtype));
                var (mu, sigma) = GaussianStatistics.Of(features);
                set.Expect(call, "mu", mu);
                set.Expect(call, "sigma", sigma);
                break;
            }
            case "frechet_distance":
            {
                var (d, rank, eps) = (p.Int("d"), p.Int("rank", p.Int("d")), p.Double("eps"));
                var mu1 = Stored(0.5 * randn([d], ScalarType.Float64));
                var sigma1 = Stored(Covariance(d, rank, eps));
                var mu2 = Stored(0.5 * randn([d], ScalarType.Float64));
                var sigma2 = Stored(Covariance(d, rank, eps));
                set.Input(call, "mu1", mu1.to_type(dtype));
                set.Input(call, "sigma1", sigma1.to_type(dtype));
                set.Input(call, "mu2", mu2.to_type(dtype));
                set.Input(call, "sigma2", sigma2.to_type(dtype));
                var trace = new StageTrace();
                set.Expect(call, "distance", FrechetDistance.Of(mu1, sigma1, mu2, sigma2, trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "fid_from_features":
            {
                var d = p.Int("d");
                var real = Stored(Features(p.Int("n_real"), d, 0.0));
                var synthetic = Stored(Features(p.Int("n_synthetic"), d, p.Double("shift")));
                set.Input(call, "real", real.to_type(dtype));
                set.Input(call, "synthetic", synthetic.to_type(dtype));
                var trace = new StageTrace();
                set.Expect(call, "fid", FrechetDistance.FromFeatures(real, synthetic, trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "discriminative_score":
                Discriminative(test, p, set, call, dtype);
                break;
            case "predictive_score":
                Predictive(p, set, call, dtype);
                break;
            default: throw new ArgumentException($"test '{test.Name}': a09 has no entry point '{test.Entry}'");
        }
    }

    /// <summary>
    /// Correlated features: standard normal samples times a lower-triangular mixing matrix, plus a shift on every
    /// feature. The mixing matrix's diagonal lies in [0.5, 1.5], so the covariance stays well-conditioned and a float32
    /// answer stays far inside the tolerance (a random square matrix can be nearly singular).
    /// </summary>
    static Tensor Features(long n, long d, double shift)
    {
        var mixing = diag(0.5 + rand([d], ScalarType.Float64)) + randn([d, d], ScalarType.Float64).tril(-1) * (0.5 / Math.Sqrt(d));
        return randn([n, d], ScalarType.Float64).matmul(mixing.t()) + shift;
    }

    /// <summary>A Aᵀ / rank + eps·I with A (d, rank): when rank &lt; d, d − rank eigenvalues equal eps (nearly singular).</summary>
    static Tensor Covariance(long d, long rank, double eps)
    {
        var a = randn([d, rank], ScalarType.Float64);
        var s = a.matmul(a.t()) / rank + eps * eye(d, dtype: ScalarType.Float64);
        return (s + s.t()) / 2;  // exactly symmetric, so either triangle gives the same eigenvalues
    }

    static void Discriminative(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (nTrain, nTest, length, features) = (p.Int("n_train"), p.Int("n_test"), p.Int("length"), p.Int("features"));
        var (shift, scale) = (p.Double("shift"), p.Double("scale"));
        var (steps, lr) = (p.Int("steps"), p.Double("lr"));
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        // Real sequences are standard normal; synthetic ones are shifted and scaled, so the classifier has something to find.
        Tensor Real(long n) => Stored(randn([n, length, features], ScalarType.Float64));
        Tensor Synthetic(long n) => Stored(scale * randn([n, length, features], ScalarType.Float64) + shift);
        var (realTrain, syntheticTrain, realTest, syntheticTest) = (Real(nTrain), Synthetic(nTrain), Real(nTest), Synthetic(nTest));
        var weight = Stored(0.1 * randn([length, features], ScalarType.Float64));
        var bias = Stored(0.1 * randn([], ScalarType.Float64));
        set.Input(call, "real_train", realTrain.to_type(dtype));
        set.Input(call, "synthetic_train", syntheticTrain.to_type(dtype));
        set.Input(call, "real_test", realTest.to_type(dtype));
        set.Input(call, "synthetic_test", syntheticTest.to_type(dtype));
        set.Input(call, "weight", weight.to_type(dtype));
        set.Input(call, "bias", bias.to_type(dtype));
        set.Value(call, "steps", steps);
        set.Value(call, "lr", lr);
        var trace = new StageTrace();
        var (score, accuracy, w, b) = DiscriminativeScore.Of(realTrain, syntheticTrain, realTest, syntheticTest, weight, bias, steps, lr, trace);
        // The accuracy counts logits > 0: one within rounding of 0 would make a correct float32 answer flip a prediction.
        var margin = trace.Stages.Single(s => s.Name == "test_logits").Value.abs().min().item<double>();
        if (margin < 1e-3)
            throw new InvalidOperationException($"test '{test.Name}': a held-out logit is {margin:g3} from 0; change the case");
        set.Expect(call, "score", score);
        set.Expect(call, "accuracy", accuracy);
        set.Expect(call, "weight", w);
        set.Expect(call, "bias", b);
        set.ExpectStages(call, trace);
    }

    static void Predictive(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (length, features) = (p.Int("length"), p.Int("features"));
        var (steps, lr) = (p.Int("steps"), p.Double("lr"));
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        // Noisy sinusoids of random frequency and phase, already inside [0, 1] (the min-max scaled range).
        Tensor Sequences(long n, double noise)
        {
            var t = arange(length, ScalarType.Float64).reshape(1, length, 1);
            var frequency = 0.2 + 0.4 * rand([n, 1, features], ScalarType.Float64);
            var phase = 2 * Math.PI * rand([n, 1, features], ScalarType.Float64);
            var x = 0.5 + 0.35 * (frequency * t + phase).sin() + noise * randn([n, length, features], ScalarType.Float64);
            return Stored(x.clamp(0, 1));
        }
        var synthetic = Sequences(p.Int("n_synthetic"), 0.08);
        var real = Sequences(p.Int("n_real"), 0.05);
        var weight = Stored(0.1 * randn([features - 1], ScalarType.Float64));
        var bias = Stored(0.1 * randn([], ScalarType.Float64));
        set.Input(call, "synthetic", synthetic.to_type(dtype));
        set.Input(call, "real", real.to_type(dtype));
        set.Input(call, "weight", weight.to_type(dtype));
        set.Input(call, "bias", bias.to_type(dtype));
        set.Value(call, "steps", steps);
        set.Value(call, "lr", lr);
        var trace = new StageTrace();
        var (mae, w, b) = PredictiveScore.Of(synthetic, real, weight, bias, steps, lr, trace);
        set.Expect(call, "mae", mae);
        set.Expect(call, "weight", w);
        set.Expect(call, "bias", b);
        set.ExpectStages(call, trace);
    }
}
