using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// The Switch layer (Fedus et al. 2022, Figure 2): the router sends each token of a group to one expert, each expert
/// runs its own feed-forward network on the tokens in its buffer of <see cref="ExpertCapacity"/> slots, and the outputs
/// come back scaled by the gate: y = p_i(x) · E_i(x) for a kept token, y = 0 for a dropped one. Written with Mesh-TF's
/// dispatch and combine tensors: expert inputs = einsum(dispatch, x), y = einsum(combine, expert outputs).
/// Fields are HF's <c>SwitchTransformersSparseMLP</c>: <c>router</c> and <c>experts</c>.
/// </summary>
public sealed class SwitchSparseMlp : Module<Tensor, Tensor>
{
    readonly Top1Router router;
    readonly ModuleList<DenseActDense> experts;
    readonly double capacityFactor;

    public SwitchSparseMlp(long dModel, long dFf, long numExperts, double capacityFactor, ScalarType dtype = ScalarType.Float64)
        : base(nameof(SwitchSparseMlp))
    {
        router = new Top1Router(dModel, numExperts, dtype);
        experts = ModuleList(Enumerable.Range(0, (int)numExperts).Select(_ => new DenseActDense(dModel, dFf, dtype)).ToArray());
        this.capacityFactor = capacityFactor;
        RegisterComponents();
    }

    /// <summary>router (d_model, E), wi (E, d_model, d_ff), wo (E, d_ff, d_model): the course's x @ w layout, experts stacked.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        router.LoadCourseParameters(p["router"]);
        for (var e = 0; e < experts.Count; e++)
            experts[e].LoadCourseParameters(p["wi"][e], p["wo"][e]);
    }

    public override Tensor forward(Tensor x) => Forward(x).Output;

    public sealed record Result(Tensor Output, Tensor Logits, Tensor Probs, TokenDispatch.Routing Routing);

    /// <param name="x">(G, S, d_model): G groups (sequences) of S tokens; capacity and dropping are per group.</param>
    public Result Forward(Tensor x, StageTrace? trace = null)
    {
        var capacity = ExpertCapacity.Of(x.shape[1], experts.Count, capacityFactor);
        var (logits, probs, _, _) = router.Route(x);
        trace.Keep("router_probs", probs);
        var routing = TokenDispatch.Route(probs, capacity);
        trace.Keep("expert_index", routing.ExpertIndex);
        trace.Keep("kept", routing.Kept);
        var expertInputs = einsum("gsec,gsd->egcd", routing.Dispatch, x);                       // (E, G, C, d)
        var expertOutputs = stack(experts.Select((expert, e) => expert.call(expertInputs[e])).ToArray()); // (E, G, C, d)
        var y = trace.Keep("expert_output", einsum("gsec,egcd->gsd", routing.Combine, expertOutputs));
        return new Result(y, logits, probs, routing);
    }
}
