using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.TimeGan;

/// <summary>
/// Each of TimeGAN's five networks (Yoon, Jarrett and van der Schaar 2019, and the authors' code): a stacked GRU
/// <c>rnn</c>, then a linear layer <c>fc</c> on every step, then a sigmoid — except the discriminator, which returns
/// one logit per step. Embedder X → H, recovery H → X, generator Z → E, supervisor H → H, discriminator H → logit.
/// </summary>
public sealed class TimeGanNetwork : Module<Tensor, Tensor>
{
    readonly Gru rnn;
    readonly Linear fc;
    readonly bool sigmoidOutput;

    public TimeGanNetwork(long input_size, long hidden_size, long num_layers, long output_size, bool sigmoidOutput,
        ScalarType dtype = ScalarType.Float64) : base(nameof(TimeGanNetwork))
    {
        rnn = new Gru(input_size, hidden_size, num_layers, dtype);
        fc = Linear(hidden_size, output_size, dtype: dtype);
        this.sigmoidOutput = sigmoidOutput;
        RegisterComponents();
    }

    /// <summary>Copies a dict keyed like the module's own parameters (rnn.weight_ih_l0, …, fc.weight (out, in), fc.bias).</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        var mine = named_parameters().ToList();
        if (mine.Count != p.Count) throw new ArgumentException($"expected {mine.Count} parameters, got {p.Count}");
        foreach (var (name, parameter) in mine) parameter.copy_(p[name]);
    }

    public override Tensor forward(Tensor x) => Forward(x, null);

    public Tensor Forward(Tensor x, StageTrace? trace)
    {
        var states = trace.Keep("rnn", rnn.call(x));
        var projected = fc.call(states);
        return sigmoidOutput ? sigmoid(projected) : projected;
    }
}
