using Course.Reference.FactorModel;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a03's reference against cases worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class FactorModelTests
{
    [Fact]
    public void Managed_portfolios_are_the_cross_sectional_regression_coefficients()
    {
        using var scope = NewDisposeScope();
        // Three stocks, characteristics [1, 0], [0, 1], [1, 1]; returns exactly 0.02·z₁ − 0.01·z₂.
        var z = tensor(new[] { 1.0, 0.0, 0.0, 1.0, 1.0, 1.0 }, [1, 3, 2]);
        var r = tensor(new[] { 0.02, -0.01, 0.01 }, [1, 3]);
        var x = ConditionalAutoencoder.ManagedPortfolios(z, r);
        Assert.Equal(0.02, x[0, 0].item<double>(), 1e-15);
        Assert.Equal(-0.01, x[0, 1].item<double>(), 1e-15);
    }

    [Fact]
    public void The_prediction_is_betas_dot_factors_and_the_penalty_skips_biases()
    {
        using var scope = NewDisposeScope();
        // P = 1, H = 1, K = 1: β = ReLU(2z + 0)·3 + 1, f = 4x + 0.5.
        using var model = new ConditionalAutoencoder(1, 1, 1);
        model.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["beta_hidden.w"] = tensor(new[] { 2.0 }, [1, 1]), ["beta_hidden.b"] = tensor(new[] { 0.0 }),
            ["beta_out.w"] = tensor(new[] { 3.0 }, [1, 1]), ["beta_out.b"] = tensor(new[] { 1.0 }),
            ["factor.w"] = tensor(new[] { 4.0 }, [1, 1]), ["factor.b"] = tensor(new[] { 0.5 }),
        });
        // Two stocks with z = 1 and z = −1; returns 0.3 and 0.1. x = Σzr / Σz² = 0.1.
        var z = tensor(new[] { 1.0, -1.0 }, [1, 2, 1]);
        var r = tensor(new[] { 0.3, 0.1 }, [1, 2]);
        using var _ = no_grad();
        var prediction = model.call(z, r).data<double>().ToArray();
        // f = 4·0.1 + 0.5 = 0.9; β = 7 for z = 1 and 1 for z = −1 (the ReLU cuts −2 to 0).
        Assert.Equal(6.3, prediction[0], 1e-12);
        Assert.Equal(0.9, prediction[1], 1e-12);
        var mse = ((0.3 - 6.3) * (0.3 - 6.3) + (0.1 - 0.9) * (0.1 - 0.9)) / 2;
        Assert.Equal(mse + 0.01 * (2 + 3 + 4), model.Loss(z, r, 0.01).item<double>(), 1e-12);
    }
}
