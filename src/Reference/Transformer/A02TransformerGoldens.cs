using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Transformer;

/// <summary>
/// a02-transformer: positional encoding, encoder and decoder layers (with their stages, for feedback), the
/// warm-up learning-rate schedule, and the masked loss and accuracy. Inputs are drawn in float64 and stored in the
/// test's dtype; expected values are computed in float64 from the stored inputs.
/// </summary>
public sealed class A02TransformerGoldens : IGoldenGenerator
{
    public string Name => "a02-transformer";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "positional_encoding": Encoding(p, set, call); break;
            case "encoder_layer": Encoder(p, set, call); break;
            case "decoder_layer": Decoder(p, set, call); break;
            case "learning_rate": Schedule(p, set, call); break;
            case "masked_loss" or "masked_accuracy": Metrics(test.Entry, p, set, call); break;
            default: throw new ArgumentException($"test '{test.Name}': a02 has no entry point '{test.Entry}'");
        }
    }

    static void Encoding(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (length, dModel) = (p.Int("length"), p.Int("d_model"));
        set.Value(call, "length", length);
        set.Value(call, "d_model", dModel);
        set.Expect(call, "encoding", PositionalEncoding.Sinusoidal(length, dModel));
    }

    static void Encoder(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (b, l, dModel, heads, dff) = (p.Int("batch"), p.Int("length"), p.Int("d_model"), p.Int("heads"), p.Int("d_ff"));
        var dtype = p.DType();
        var x = randn([b, l, dModel], ScalarType.Float64).to_type(dtype);
        var weights = LayerWeights(dModel, dff, dtype, decoder: false);
        var padding = p.Flag("padding") ? Masks.RealTokens(b, l) : null;

        set.Input(call, "x", x);
        set.InputDict(call, "params", weights);
        set.Value(call, "num_heads", heads);
        set.OptionalInput(call, "padding", padding);

        using var layer = new TransformerEncoderLayer(dModel, heads, dff);
        layer.LoadCourseParameters(weights.ToFloat64());
        using var _ = no_grad();
        var trace = new StageTrace();
        var output = layer.Forward(x.to_type(ScalarType.Float64), padding?.unsqueeze(1), trace);
        set.Expect(call, "output", output);
        set.ExpectStages(call, trace);
    }

    static void Decoder(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (b, lt, ls) = (p.Int("batch"), p.Int("length"), p.Int("memory_length"));
        var (dModel, heads, dff) = (p.Int("d_model"), p.Int("heads"), p.Int("d_ff"));
        var dtype = p.DType();
        var x = randn([b, lt, dModel], ScalarType.Float64).to_type(dtype);
        var memory = randn([b, ls, dModel], ScalarType.Float64).to_type(dtype);
        var weights = LayerWeights(dModel, dff, dtype, decoder: true);
        var padded = p.Flag("padding");
        var targetPadding = padded ? Masks.RealTokens(b, lt) : null;
        var memoryPadding = padded ? Masks.RealTokens(b, ls) : null;

        set.Input(call, "x", x);
        set.Input(call, "memory", memory);
        set.InputDict(call, "params", weights);
        set.Value(call, "num_heads", heads);
        set.OptionalInput(call, "tgt_padding", targetPadding);
        set.OptionalInput(call, "memory_padding", memoryPadding);

        // The layer applies the look-ahead mask itself; padding only hides keys.
        var selfMask = TransformerDecoderLayer.CausalMask(lt).expand(b, lt, lt);
        if (targetPadding is not null) selfMask = selfMask.logical_and(targetPadding.unsqueeze(1));
        using var layer = new TransformerDecoderLayer(dModel, heads, dff);
        layer.LoadCourseParameters(weights.ToFloat64());
        using var _ = no_grad();
        var trace = new StageTrace();
        var output = layer.Forward(x.to_type(ScalarType.Float64), memory.to_type(ScalarType.Float64), selfMask,
            memoryPadding?.unsqueeze(1), trace);
        set.Expect(call, "output", output);
        set.ExpectStages(call, trace);
    }

    static Dictionary<string, Tensor> LayerWeights(long dModel, long dff, ScalarType dtype, bool decoder)
    {
        var w = new Dictionary<string, Tensor>();
        RandomParameters.Attention(w, "self_attn", dModel, dtype);
        if (decoder) RandomParameters.Attention(w, "multihead_attn", dModel, dtype);
        RandomParameters.Linear(w, "linear1", dModel, dff, dtype);
        RandomParameters.Linear(w, "linear2", dff, dModel, dtype);
        foreach (var norm in decoder ? new[] { "norm1", "norm2", "norm3" } : ["norm1", "norm2"])
            RandomParameters.LayerNorm(w, norm, dModel, dtype);
        return w;
    }

    static void Schedule(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (dModel, warmup) = (p.Int("d_model"), p.Int("warmup"));
        // Spread over warm-up and decay, plus the three steps around the peak, where an off-by-one shows.
        var steps = cat([arange(1, 6 * warmup, 6 * warmup / 37, ScalarType.Int64), tensor(new[] { warmup - 1, warmup, warmup + 1 })]);
        set.Input(call, "steps", steps);
        set.Value(call, "d_model", dModel);
        set.Value(call, "warmup_steps", warmup);
        set.Expect(call, "rate", WarmupSchedule.LearningRate(steps, dModel, warmup));
    }

    static void Metrics(string entry, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (b, l, vocab) = (p.Int("batch"), p.Int("length"), p.Int("vocab"));
        var logits = (2 * randn([b, l, vocab], ScalarType.Float64)).to_type(p.DType());
        var targets = randint(1, vocab, [b, l], ScalarType.Int64).masked_fill(Masks.RealTokens(b, l).logical_not(), MaskedMetrics.PadId);
        // Make some predictions right, so accuracy is neither 0 nor a coin flip.
        var hit = rand([b, l], ScalarType.Float64) < 0.4;
        var boosted = logits.to_type(ScalarType.Float64).scatter_add(-1, targets.unsqueeze(-1), (hit.to_type(ScalarType.Float64) * 8).unsqueeze(-1));
        logits = boosted.to_type(p.DType());

        set.Input(call, "logits", logits);
        set.Input(call, "targets", targets);
        var l64 = logits.to_type(ScalarType.Float64);
        set.Expect(call, entry == "masked_loss" ? "loss" : "accuracy",
            entry == "masked_loss" ? MaskedMetrics.Loss(l64, targets) : MaskedMetrics.Accuracy(l64, targets));
    }
}
