using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// One expert: the T5 feed-forward network the Switch layer replicates, wo(ReLU(wi(x))), no biases
/// (HF's <c>SwitchTransformersDenseActDense</c>, dropout left out: graded in evaluation).
/// </summary>
public sealed class DenseActDense : Module<Tensor, Tensor>
{
    readonly Linear wi;
    readonly Linear wo;

    public DenseActDense(long dModel, long dFf, ScalarType dtype = ScalarType.Float64) : base(nameof(DenseActDense))
    {
        wi = Linear(dModel, dFf, hasBias: false, dtype: dtype);
        wo = Linear(dFf, dModel, hasBias: false, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The course's layout: wi (d_model, d_ff) and wo (d_ff, d_model), applied as x @ w.</summary>
    public void LoadCourseParameters(Tensor wiCourse, Tensor woCourse)
    {
        using var _ = no_grad();
        wi.weight!.copy_(wiCourse.t());
        wo.weight!.copy_(woCourse.t());
    }

    public override Tensor forward(Tensor x) => wo.call(functional.relu(wi.call(x)));
}
