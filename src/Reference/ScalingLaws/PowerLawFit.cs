using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// Fits L = a·N^(−α) to measured (N, L) points by unweighted ordinary least squares of ln L on ln N, the straight
/// line of a log-log plot: ln L = ln a − α ln N. The slope gives α whatever the log base; the intercept is ln a
/// (natural log), so a = e^intercept.
/// </summary>
public static class PowerLawFit
{
    public static (Tensor Alpha, Tensor Intercept) Fit(Tensor n, Tensor loss)
    {
        var x = n.log();
        var y = loss.log();
        var xc = x - x.mean();
        var yc = y - y.mean();
        var slope = (xc * yc).sum() / (xc * xc).sum();
        return (-slope, y.mean() - slope * x.mean());
    }

    /// <summary>The fitted law at new sizes: a·N^(−α) = exp(intercept − α ln N).</summary>
    public static Tensor Predict(Tensor n, Tensor alpha, Tensor intercept) => (intercept - alpha * n.log()).exp();
}
