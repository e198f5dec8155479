using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>fc2(GELU(fc1(x))) with the exact GELU, x·Φ(x) (nn.GELU's default, not the tanh approximation).</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    readonly Linear fc1;
    readonly Linear fc2;

    public Mlp(long dim, long hidden, ScalarType dtype = ScalarType.Float64) : base(nameof(Mlp))
    {
        fc1 = Linear(dim, hidden, dtype: dtype);
        fc2 = Linear(hidden, dim, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>fc1.weight (H, D), fc1.bias (H), fc2.weight (D, H), fc2.bias (D).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        fc1.weight!.copy_(p["fc1.weight"]);
        fc1.bias!.copy_(p["fc1.bias"]);
        fc2.weight!.copy_(p["fc2.weight"]);
        fc2.bias!.copy_(p["fc2.bias"]);
    }

    public override Tensor forward(Tensor x) => fc2.call(functional.gelu(fc1.call(x)));
}
