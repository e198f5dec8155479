using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// The Switch Transformer's router (Fedus et al. 2022, §2.1, eq. 1): logits h(x) = x·W_r (no bias), probabilities
/// p(x) = softmax over the E experts, and top-1 routing: each token goes to argmax_i p_i(x), ties to the lowest expert
/// index, with gate p_i(x) itself (not 1), so the router gets a gradient. No jitter noise (Switch multiplies router
/// inputs by U(1 − ε, 1 + ε) only while training). The field is HF's <c>SwitchTransformersTop1Router.classifier</c>.
/// </summary>
public sealed class Top1Router : Module<Tensor, Tensor>
{
    readonly Linear classifier;

    public Top1Router(long dModel, long numExperts, ScalarType dtype = ScalarType.Float64) : base(nameof(Top1Router))
    {
        classifier = Linear(dModel, numExperts, hasBias: false, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The course's layout: w (d_model, E) with logits = x @ w; Linear stores its transpose.</summary>
    public void LoadCourseParameters(Tensor w)
    {
        using var _ = no_grad();
        classifier.weight!.copy_(w.t());
    }

    /// <summary>Router logits (…, E).</summary>
    public override Tensor forward(Tensor x) => classifier.call(x);

    /// <summary>Logits, probabilities (…, E), chosen expert (…) and gate (…) of every token.</summary>
    public (Tensor Logits, Tensor Probs, Tensor ExpertIndex, Tensor Gate) Route(Tensor x)
    {
        var logits = call(x);
        var (probs, expertIndex, gate) = Top1(logits);
        return (logits, probs, expertIndex, gate);
    }

    /// <summary>Softmax over the experts, in the logits' dtype, then <see cref="Choose"/>.</summary>
    public static (Tensor Probs, Tensor ExpertIndex, Tensor Gate) Top1(Tensor logits)
    {
        var probs = functional.softmax(logits, -1);
        var (expertIndex, gate) = Choose(probs);
        return (probs, expertIndex, gate);
    }

    /// <summary>The chosen expert, argmax_i p_i (the first maximum: ties go to the lowest index), and its probability.</summary>
    public static (Tensor ExpertIndex, Tensor Gate) Choose(Tensor probs)
    {
        var expertIndex = probs.argmax(-1);
        return (expertIndex, probs.gather(-1, expertIndex.unsqueeze(-1)).squeeze(-1));
    }
}
