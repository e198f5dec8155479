using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.FactorModel;

/// <summary>
/// a03-factor-autoencoder, on a seeded synthetic panel: T periods of N stocks with P characteristics drawn in
/// [−1, 1] (the rank-normalised scale of the paper), returns made by a hidden conditional factor model plus noise.
/// </summary>
public sealed class A03FactorAutoencoderGoldens : IGoldenGenerator
{
    public string Name => "a03-factor-autoencoder";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var (periods, stocks, chars) = (p.Int("periods", 0), p.Int("stocks"), p.Int("characteristics"));
        var (hidden, factors) = (p.Int("hidden", 8), p.Int("factors", 3));
        var (z, r) = Panel(periods, stocks, chars, factors);
        var weights = Weights(chars, hidden, factors, dtype);
        z = z.to_type(dtype);
        r = r.to_type(dtype);
        using var model = new ConditionalAutoencoder(chars, hidden, factors);
        model.LoadCourseParameters(weights.ToFloat64());
        var (z64, r64) = (z.to_type(ScalarType.Float64), r.to_type(ScalarType.Float64));
        using var _ = no_grad();
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "beta_network":
                set.Input(call, "characteristics", z);
                set.InputDict(call, "params", weights);
                set.Expect(call, "betas", model.Betas(z64));
                break;
            case "managed_portfolios":
                set.Input(call, "characteristics", z);
                set.Input(call, "returns", r);
                set.Expect(call, "portfolios", ConditionalAutoencoder.ManagedPortfolios(z64, r64));
                break;
            case "factor_network":
                var portfolios = ConditionalAutoencoder.ManagedPortfolios(z64, r64).to_type(dtype);
                set.Input(call, "portfolios", portfolios);
                set.InputDict(call, "params", weights);
                set.Expect(call, "factors", model.Factors(portfolios.to_type(ScalarType.Float64)));
                break;
            case "predict":
                set.Input(call, "characteristics", z);
                set.Input(call, "returns", r);
                set.InputDict(call, "params", weights);
                var trace = new StageTrace();
                set.Expect(call, "prediction", model.Forward(z64, r64, trace));
                set.ExpectStages(call, trace);
                break;
            case "loss":
                var penalty = p.Double("l1_penalty");
                set.Input(call, "characteristics", z);
                set.Input(call, "returns", r);
                set.InputDict(call, "params", weights);
                set.Value(call, "l1_penalty", penalty);
                set.Expect(call, "loss", model.Loss(z64, r64, penalty));
                break;
            default: throw new ArgumentException($"test '{test.Name}': a03 has no entry point '{test.Entry}'");
        }
    }

    /// <summary>Characteristics (T, N, P), or (N, P) when T is 0, and returns from a hidden CA model plus noise.</summary>
    static (Tensor Z, Tensor R) Panel(long periods, long stocks, long chars, long factors)
    {
        long[] lead = periods == 0 ? [] : [periods];
        var z = rand([.. lead, stocks, chars], ScalarType.Float64) * 2 - 1;
        var trueBetas = z.matmul(randn([chars, factors], ScalarType.Float64));
        var f = 0.05 * randn([.. lead, factors], ScalarType.Float64);
        var r = trueBetas.matmul(f.unsqueeze(-1)).squeeze(-1) + 0.02 * randn([.. lead, stocks], ScalarType.Float64);
        return (z, r);
    }

    static Dictionary<string, Tensor> Weights(long chars, long hidden, long factors, ScalarType dtype)
    {
        var w = new Dictionary<string, Tensor>();
        RandomParameters.Linear(w, "beta_hidden", chars, hidden, dtype);
        RandomParameters.Linear(w, "beta_out", hidden, factors, dtype);
        RandomParameters.Linear(w, "factor", chars, factors, dtype);
        return w;
    }
}
