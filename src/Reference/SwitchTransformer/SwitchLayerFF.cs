using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// The Switch feed-forward sub-layer with its residual connection and auxiliary losses: output = x + y(x), so a
/// dropped token (y = 0) passes through unchanged. No layer norm and no dropout (HF's <c>SwitchTransformersLayerFF</c>
/// normalises x first; graded here without). Also returns the load-balancing loss (α included) and the router z-loss
/// (its coefficient included), both from this layer's router.
/// </summary>
public sealed class SwitchLayerFF : Module<Tensor, Tensor>
{
    readonly SwitchSparseMlp mlp;

    public SwitchLayerFF(long dModel, long dFf, long numExperts, double capacityFactor, ScalarType dtype = ScalarType.Float64)
        : base(nameof(SwitchLayerFF))
    {
        mlp = new SwitchSparseMlp(dModel, dFf, numExperts, capacityFactor, dtype);
        RegisterComponents();
    }

    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p) => mlp.LoadCourseParameters(p);

    public override Tensor forward(Tensor x) => Forward(x, LoadBalancingLoss.Alpha, RouterZLoss.Coefficient).Output;

    public (Tensor Output, Tensor AuxLoss, Tensor ZLoss) Forward(Tensor x, double alpha, double zCoefficient, StageTrace? trace = null)
    {
        var r = mlp.Forward(x, trace);
        // f_i counts the router's choices before any token is dropped (Mesh-TF), not the tokens the experts kept.
        var auxLoss = LoadBalancingLoss.Of(r.Probs, r.Routing.ExpertIndex, alpha);
        var zLoss = RouterZLoss.Of(r.Logits, zCoefficient);
        return (x + r.Output, auxLoss, zLoss);
    }
}
