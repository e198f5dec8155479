using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.StyleTransfer;

/// <summary>
/// a04-style-transfer: Gram matrices, content, style and total-variation losses on random feature maps, and one
/// gradient-ascent step on a small convolutional network whose weights are part of the inputs.
/// </summary>
public sealed class A04StyleTransferGoldens : IGoldenGenerator
{
    public string Name => "a04-style-transfer";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        Tensor Draw(params long[] shape) => randn(shape, ScalarType.Float64).to_type(dtype);
        Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);
        long[] Maps(long channels) => [p.Int("batch", 1), channels, p.Int("height"), p.Int("width")];

        switch (test.Entry)
        {
            case "gram_matrix":
                var features = Draw(Maps(p.Int("channels"))).relu();
                set.Input(call, "features", features);
                set.Expect(call, "gram", GramMatrix.Of(F64(features)));
                break;
            case "content_loss":
                var (generated, content) = (Draw(Maps(p.Int("channels"))), Draw(Maps(p.Int("channels"))));
                set.Input(call, "generated", generated);
                set.Input(call, "content", content);
                set.Expect(call, "loss", StyleLosses.Content(F64(generated), F64(content)));
                break;
            case "style_loss":
                // Layer l has 4·l channels, like a network that widens as it goes deeper.
                var layers = Enumerable.Range(1, (int)p.Int("layers")).Select(l => $"conv{l}").ToList();
                var gen = layers.ToDictionary(l => l, l => Draw(Maps(4L * int.Parse(l[4..]))).relu());
                var style = layers.ToDictionary(l => l, l => Draw(Maps(4L * int.Parse(l[4..]))).relu());
                var weights = layers.ToDictionary(l => l, l => (rand([], ScalarType.Float64) + 0.1).to_type(dtype));
                set.InputDict(call, "generated", gen);
                set.InputDict(call, "style", style);
                set.InputDict(call, "layer_weights", weights);
                set.Expect(call, "loss", StyleLosses.Style(gen.ToFloat64(), style.ToFloat64(), weights.ToFloat64()));
                break;
            case "total_variation_loss":
                var image = Draw(Maps(3));
                set.Input(call, "image", image);
                set.Expect(call, "loss", StyleLosses.TotalVariation(F64(image)));
                break;
            case "gradient_ascent_step":
                Ascent(p, set, call, dtype);
                break;
            default: throw new ArgumentException($"test '{test.Name}': a04 has no entry point '{test.Entry}'");
        }
    }

    static void Ascent(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (hidden, channels, unit) = (p.Int("hidden"), p.Int("channels"), p.Int("unit"));
        var stepSize = p.Double("step_size");
        var image = rand([p.Int("batch", 1), 3, p.Int("height"), p.Int("width")], ScalarType.Float64).to_type(dtype);
        var weights = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = (randn([hidden, 3, 3, 3], ScalarType.Float64) / Math.Sqrt(27)).to_type(dtype),
            ["conv1.bias"] = (0.1 * randn([hidden], ScalarType.Float64)).to_type(dtype),
            ["conv2.weight"] = (randn([channels, hidden, 3, 3], ScalarType.Float64) / Math.Sqrt(9 * hidden)).to_type(dtype),
            // Positive biases keep the chosen unit alive (a dead ReLU has no gradient to climb).
            ["conv2.bias"] = (0.2 + 0.1 * randn([channels], ScalarType.Float64)).to_type(dtype),
        };
        set.Input(call, "image", image);
        set.InputDict(call, "params", weights);
        set.Value(call, "unit", unit);
        set.Value(call, "step_size", stepSize);

        using var net = new FeatureNet(hidden, channels);
        net.LoadCourseParameters(weights.ToFloat64());
        var trace = new StageTrace();
        var (next, activation) = GradientAscent.Step(net, image.to_type(ScalarType.Float64), unit, stepSize, trace);
        set.Expect(call, "image", next);
        set.Expect(call, "activation", activation);
        set.ExpectStages(call, trace);
    }
}
