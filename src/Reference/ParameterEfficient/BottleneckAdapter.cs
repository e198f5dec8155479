using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// Houlsby et al.'s bottleneck adapter (2019, fig. 2): project d → m, ReLU, project m → d, and add the input back,
/// h + W_up·ReLU(W_down·h + b_down) + b_up. The skip connection is inside the adapter, so an adapter whose
/// up-projection is near zero starts near the identity. Both projections carry biases: 2md + m + d parameters.
/// Houlsby places two per layer, after the attention sublayer's output projection and after the feed-forward
/// sublayer, each before that sublayer's residual add and LayerNorm.
/// </summary>
public sealed class BottleneckAdapter : Module<Tensor, Tensor>
{
    readonly Linear down_proj;
    readonly Linear up_proj;

    public BottleneckAdapter(long d_model, long bottleneck, ScalarType dtype = ScalarType.Float64) : base(nameof(BottleneckAdapter))
    {
        down_proj = Linear(d_model, bottleneck, dtype: dtype);
        up_proj = Linear(bottleneck, d_model, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>down_proj.weight (m, d), down_proj.bias (m), up_proj.weight (d, m), up_proj.bias (d): nn.Linear's layouts.</summary>
    public void LoadParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        down_proj.weight!.copy_(p["down_proj.weight"]);
        down_proj.bias!.copy_(p["down_proj.bias"]);
        up_proj.weight!.copy_(p["up_proj.weight"]);
        up_proj.bias!.copy_(p["up_proj.bias"]);
    }

    public Tensor Forward(Tensor h, StageTrace? trace = null)
    {
        var bottleneck = trace.Keep("bottleneck", functional.relu(down_proj.call(h)));
        var update = trace.Keep("update", up_proj.call(bottleneck));
        return h + update;
    }

    public override Tensor forward(Tensor h) => Forward(h);
}
