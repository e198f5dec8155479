using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.FactorModel;

/// <summary>
/// The conditional autoencoder of Gu, Kelly and Xiu, "Autoencoder Asset Pricing Models" (2021), with one hidden
/// layer in the beta network (their CA1):
/// β_t = W₂ ReLU(W₁ z_t + b₁) + b₂ for each stock's P characteristics (N × P → N × K, the same dense layers applied
/// to every row), f_t = W_f x_t + b_f on the P characteristic-managed portfolios, and r̂_t = β_t f_t.
/// </summary>
public sealed class ConditionalAutoencoder : Module<Tensor, Tensor, Tensor>
{
    readonly Linear beta_hidden;
    readonly Linear beta_out;
    readonly Linear factor;

    public ConditionalAutoencoder(long characteristics, long hidden, long factors, ScalarType dtype = ScalarType.Float64)
        : base(nameof(ConditionalAutoencoder))
    {
        beta_hidden = Linear(characteristics, hidden, dtype: dtype);
        beta_out = Linear(hidden, factors, dtype: dtype);
        factor = Linear(characteristics, factors, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The course's dict: beta_hidden.{w,b}, beta_out.{w,b}, factor.{w,b}, each w as (in, out).</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        CourseParameters.LoadLinear(beta_hidden, p["beta_hidden.w"], p["beta_hidden.b"]);
        CourseParameters.LoadLinear(beta_out, p["beta_out.w"], p["beta_out.b"]);
        CourseParameters.LoadLinear(factor, p["factor.w"], p["factor.b"]);
    }

    /// <summary>(…, N, P) → (…, N, K): Linear acts on the last axis, so the network is threaded over every stock.</summary>
    public Tensor Betas(Tensor characteristics) => beta_out.call(functional.relu(beta_hidden.call(characteristics)));

    /// <summary>(T, P) → (T, K).</summary>
    public Tensor Factors(Tensor portfolios) => factor.call(portfolios);

    /// <param name="characteristics">Z, (T, N, P): each stock's characteristics known before period t.</param>
    /// <param name="returns">r, (T, N).</param>
    public override Tensor forward(Tensor characteristics, Tensor returns) => Forward(characteristics, returns, null);

    public Tensor Forward(Tensor characteristics, Tensor returns, StageTrace? trace)
    {
        var portfolios = trace.Keep("managed_portfolios", ManagedPortfolios(characteristics, returns));
        var betas = trace.Keep("betas", Betas(characteristics));
        var factors = trace.Keep("factors", Factors(portfolios));
        return betas.matmul(factors.unsqueeze(-1)).squeeze(-1); // r̂_{t,i} = β_{t,i} · f_t
    }

    /// <summary>
    /// x_t = (Z_tᵀ Z_t)⁻¹ Z_tᵀ r_t: the returns of P portfolios, one per characteristic, from a cross-sectional
    /// regression of returns on characteristics. (T, N, P), (T, N) → (T, P).
    /// </summary>
    public static Tensor ManagedPortfolios(Tensor characteristics, Tensor returns)
    {
        var zt = characteristics.transpose(-2, -1);
        return linalg.solve(zt.matmul(characteristics), zt.matmul(returns.unsqueeze(-1))).squeeze(-1);
    }

    /// <summary>Mean squared pricing error over all T × N returns plus λ · Σ|w| over the three weight matrices (not the biases).</summary>
    public Tensor Loss(Tensor characteristics, Tensor returns, double l1Penalty)
    {
        var error = (returns - forward(characteristics, returns)).pow(2).mean();
        var l1 = beta_hidden.weight!.abs().sum() + beta_out.weight!.abs().sum() + factor.weight!.abs().sum();
        return error + l1Penalty * l1;
    }
}
