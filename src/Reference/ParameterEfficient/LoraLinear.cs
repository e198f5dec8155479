using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// LoRA (Hu et al., 2021, eq. 3): h = W₀x + b + (α/r)·B A x, with the pretrained W₀ (out, in) and bias frozen and only
/// A (r, in) and B (out, r) trained. Field names follow PEFT's <c>lora.Linear</c> (base_layer, lora_A, lora_B), whose
/// lora_A and lora_B are bias-free Linear layers, so their weights are exactly A and B. No dropout on the LoRA path
/// (PEFT's lora_dropout = 0), and the scale is α/r, not rsLoRA's α/√r.
/// </summary>
public sealed class LoraLinear : Module<Tensor, Tensor>
{
    readonly Linear base_layer;
    readonly Linear lora_A;
    readonly Linear lora_B;

    public double scaling { get; }

    public LoraLinear(long in_features, long out_features, long r, double lora_alpha, ScalarType dtype = ScalarType.Float64)
        : base(nameof(LoraLinear))
    {
        base_layer = Linear(in_features, out_features, hasBias: true, dtype: dtype);
        lora_A = Linear(in_features, r, hasBias: false, dtype: dtype);
        lora_B = Linear(r, out_features, hasBias: false, dtype: dtype);
        scaling = lora_alpha / r;
        RegisterComponents();
        // The pretrained layer is frozen, its bias included (PEFT's bias="none").
        base_layer.weight!.requires_grad_(false);
        base_layer.bias!.requires_grad_(false);
    }

    public Parameter Weight => base_layer.weight!;
    public Parameter Bias => base_layer.bias!;
    public Parameter A => lora_A.weight!;
    public Parameter B => lora_B.weight!;

    public void Load(Tensor weight, Tensor bias, Tensor a, Tensor b)
    {
        using var _ = no_grad();
        Weight.copy_(weight);
        Bias.copy_(bias);
        A.copy_(a);
        B.copy_(b);
    }

    public override Tensor forward(Tensor x) => Forward(x);

    public Tensor Forward(Tensor x, StageTrace? trace = null) =>
        trace.Keep("base_output", base_layer.call(x)) + trace.Keep("lora_output", lora_B.call(lora_A.call(x)) * scaling);

    /// <summary>ΔW = (α/r)·B A, shaped like W₀ (out, in).</summary>
    public Tensor DeltaWeight() => scaling * B.matmul(A);

    /// <summary>W₀ + ΔW: one plain Linear with this weight computes the same outputs, with no extra latency.</summary>
    public Tensor MergedWeight() => Weight + DeltaWeight();

    /// <summary>Takes ΔW back out of a merged weight, recovering W₀.</summary>
    public static Tensor Unmerge(Tensor merged, Tensor a, Tensor b, double lora_alpha, long r) => merged - lora_alpha / r * b.matmul(a);
}
