using static TorchSharp.torch;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// The triplet loss with a margin (Schroff et al. 2015, FaceNet; Weinberger and Saul's large-margin idea) in
/// nn.TripletMarginLoss's form: d(a, b) = ‖a − b + ε‖₂ with ε = 1e-6 (F.pairwise_distance), not squared;
/// per triplet max(d(a, p) − d(a, n) + margin, 0); the loss is the mean over the triplets.
/// </summary>
public static class TripletLoss
{
    public const double Eps = 1e-6;

    public static Tensor Distance(Tensor a, Tensor b) => (a - b + Eps).norm(-1);

    /// <returns>The loss and the per-triplet hinge (B).</returns>
    public static (Tensor Loss, Tensor PerTriplet) Of(Tensor anchor, Tensor positive, Tensor negative, double margin, StageTrace? trace = null)
    {
        var dPositive = trace.Keep("d_positive", Distance(anchor, positive));
        var dNegative = trace.Keep("d_negative", Distance(anchor, negative));
        var perTriplet = (dPositive - dNegative + margin).clamp_min(0);
        return (perTriplet.mean(), perTriplet);
    }
}
