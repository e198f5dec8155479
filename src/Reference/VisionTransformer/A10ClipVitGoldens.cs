using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// a10-clip-vit: patchify, the ViT input sequence, one pre-norm block and a whole ViT classifier from given weights;
/// CLIP's symmetric loss, zero-shot classification with prompt ensembling, and the triplet loss. Every weight and
/// embedding is drawn here from the test's seed (nothing pre-trained) and passed in.
/// </summary>
public sealed class A10ClipVitGoldens : IGoldenGenerator
{
    public string Name => "a10-clip-vit";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "patchify":
            {
                var images = Images(p, dtype);
                var size = p.Int("patch");
                set.Input(call, "images", images);
                set.Value(call, "patch_size", size);
                set.Expect(call, "patches", Patchify.Of(F64(images), size));
                break;
            }
            case "vit_embed":
            {
                var images = Images(p, dtype);
                var (vit, w) = Vit(p, images, depth: 0, dtype);
                set.Input(call, "images", images);
                set.InputDict(call, "params", w);
                var trace = new StageTrace();
                set.Expect(call, "tokens", vit.Embed(F64(images), trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "encoder_block": EncoderBlock(p, set, call, dtype); break;
            case "vit_forward":
            {
                var images = Images(p, dtype);
                var (vit, w) = Vit(p, images, p.Int("depth"), dtype);
                set.Input(call, "images", images);
                set.InputDict(call, "params", w);
                set.Value(call, "depth", p.Int("depth"));
                set.Value(call, "num_heads", p.Int("heads"));
                var trace = new StageTrace();
                set.Expect(call, "logits", vit.Forward(F64(images), trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "clip_loss": Clip(p, set, call, dtype); break;
            case "zero_shot": Zero(test, p, set, call, dtype); break;
            case "triplet_loss": Triplet(test, p, set, call, dtype); break;
            default: throw new ArgumentException($"test '{test.Name}': a10 has no entry point '{test.Entry}'");
        }
    }

    static Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

    static Tensor Draw(long[] shape, double scale, ScalarType dtype) => (scale * randn(shape, ScalarType.Float64)).to_type(dtype);

    static Tensor Images(CaseParameters p, ScalarType dtype) =>
        Draw([p.Int("batch"), p.Int("channels"), p.Int("height"), p.Int("width")], 1.0, dtype);

    /// <summary>A Linear layer in PyTorch's layout, weight (out, in) scaled by 1/√in so activations stay near 1.</summary>
    static void Linear(Dictionary<string, Tensor> w, string name, long inFeatures, long outFeatures, ScalarType dtype)
    {
        w[$"{name}.weight"] = Draw([outFeatures, inFeatures], 1 / Math.Sqrt(inFeatures), dtype);
        w[$"{name}.bias"] = Draw([outFeatures], 0.1, dtype);
    }

    static void Norm(Dictionary<string, Tensor> w, string name, long d, ScalarType dtype)
    {
        w[$"{name}.weight"] = (1 + 0.1 * randn([d], ScalarType.Float64)).to_type(dtype);
        w[$"{name}.bias"] = Draw([d], 0.1, dtype);
    }

    /// <summary>
    /// The GELU's tail: fc1's bias shifted by <c>fc1_shift</c> (e.g. −2.5) puts most GELU inputs where x·Φ(x) is about
    /// −0.016 and the tanh approximation is 3 % off it (4.4·10⁻⁴), and fc2's weights scaled by <c>fc2_gain</c> make that
    /// branch count, so a tanh GELU misses by well over the tolerance; with no shift the two forms differ by at most
    /// 4.7·10⁻⁴, partly cancelling, a few times the tolerance after a head.
    /// </summary>
    static (double Shift, double Gain) Tail(CaseParameters p) =>
        (double.Parse(p.Text("fc1_shift", "0"), System.Globalization.CultureInfo.InvariantCulture),
         double.Parse(p.Text("fc2_gain", "1"), System.Globalization.CultureInfo.InvariantCulture));

    static void BlockWeights(Dictionary<string, Tensor> w, string prefix, long d, long hidden, (double Shift, double Gain) tail, ScalarType dtype)
    {
        Norm(w, $"{prefix}norm1", d, dtype);
        Linear(w, $"{prefix}attn.qkv", d, 3 * d, dtype);
        Linear(w, $"{prefix}attn.proj", d, d, dtype);
        Norm(w, $"{prefix}norm2", d, dtype);
        Linear(w, $"{prefix}mlp.fc1", d, hidden, dtype);
        w[$"{prefix}mlp.fc1.bias"] = (F64(w[$"{prefix}mlp.fc1.bias"]) + tail.Shift).to_type(dtype);
        Linear(w, $"{prefix}mlp.fc2", hidden, d, dtype);
        w[$"{prefix}mlp.fc2.weight"] = (F64(w[$"{prefix}mlp.fc2.weight"]) * tail.Gain).to_type(dtype);
    }

    /// <summary>A ViT for the case's images and its weights (timm's names); depth 0 gives the embedding's four only.</summary>
    static (VitClassifier Vit, Dictionary<string, Tensor> Weights) Vit(CaseParameters p, Tensor images, long depth, ScalarType dtype)
    {
        var (c, h, wd, patch, d) = (images.shape[1], images.shape[2], images.shape[3], p.Int("patch"), p.Int("dim"));
        var n = (h / patch) * (wd / patch);
        var hidden = p.Int("hidden", 4 * d);
        var classes = p.Int("classes", 1);
        var w = new Dictionary<string, Tensor>
        {
            ["patch_embed.proj.weight"] = Draw([d, c, patch, patch], 1 / Math.Sqrt(c * patch * patch), dtype),
            ["patch_embed.proj.bias"] = Draw([d], 0.1, dtype),
            // Larger than timm's 0.02 initialisation, so a class token or position row in the wrong place shows plainly.
            ["cls_token"] = Draw([1, 1, d], 0.5, dtype),
            ["pos_embed"] = Draw([1, n + 1, d], 0.5, dtype),
        };
        for (var i = 0; i < depth; i++) BlockWeights(w, $"blocks.{i}.", d, hidden, Tail(p), dtype);
        if (depth > 0)
        {
            Norm(w, "norm", d, dtype);
            Linear(w, "head", d, classes, dtype);
        }
        var vit = new VitClassifier(c, patch, n, d, depth, depth > 0 ? p.Int("heads") : 1, hidden, classes);
        vit.Load(w.ToFloat64());
        return (vit, w);
    }

    static void EncoderBlock(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, length, d, heads) = (p.Int("batch"), p.Int("length"), p.Int("dim"), p.Int("heads"));
        var hidden = p.Int("hidden", 4 * d);
        var x = Draw([batch, length, d], 1.0, dtype);
        var w = new Dictionary<string, Tensor>();
        BlockWeights(w, "", d, hidden, Tail(p), dtype);
        set.Input(call, "x", x);
        set.InputDict(call, "params", w);
        set.Value(call, "num_heads", heads);
        using var block = new Block(d, heads, hidden);
        block.Load(w.ToFloat64());
        var trace = new StageTrace();
        set.Expect(call, "out", block.Forward(F64(x), trace));
        set.ExpectStages(call, trace);
    }

    static void Clip(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (n, e) = (p.Int("n"), p.Int("embed"));
        // Matching pairs share a direction plus noise, so the diagonal tends to win but not always; the rows have
        // norms between 0.5 and 3, so a missing normalisation shows.
        var shared = randn([n, e], ScalarType.Float64);
        var image = ((shared + 0.8 * randn([n, e], ScalarType.Float64)) * (0.5 + 2.5 * rand([n, 1], ScalarType.Float64))).to_type(dtype);
        var text = ((shared + 0.8 * randn([n, e], ScalarType.Float64)) * (0.5 + 2.5 * rand([n, 1], ScalarType.Float64))).to_type(dtype);
        var scale = tensor(p.Double("logit_scale"), ScalarType.Float64).to_type(dtype);
        set.Input(call, "image_features", image);
        set.Input(call, "text_features", text);
        set.Input(call, "logit_scale", scale);
        var trace = new StageTrace();
        var (logits, loss) = ClipLoss.Of(F64(image), F64(text), F64(scale), trace);
        set.Expect(call, "logits_per_image", logits);
        set.Expect(call, "loss", loss);
        set.ExpectStages(call, trace);
    }

    static void Zero(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (n, k, m, e) = (p.Int("n"), p.Int("classes"), p.Int("templates"), p.Int("embed"));
        // Each class has a direction; its templates are that direction plus noise, at norms between 0.5 and 3 (so
        // averaging before normalising weights the templates unequally); each image is one class's direction plus noise.
        var classes = randn([k, e], ScalarType.Float64);
        var text = (classes.unsqueeze(1) + 0.7 * randn([k, m, e], ScalarType.Float64)) * (0.5 + 2.5 * rand([k, m, 1], ScalarType.Float64));
        var label = randint(0, k, [n], ScalarType.Int64);
        var image = (classes.index_select(0, label) + 1.2 * randn([n, e], ScalarType.Float64)) * (0.5 + 2.5 * rand([n, 1], ScalarType.Float64));
        (text, image) = (text.to_type(dtype), image.to_type(dtype));
        set.Input(call, "image_features", image);
        set.Input(call, "text_features", text);
        var (embeddings, cosine, predictions, probabilities) = ZeroShot.Of(F64(image), F64(text));
        // float32 rounding must not swap the top two classes: refuse a case whose best two cosines nearly tie.
        var top2 = cosine.topk(2, -1).values;
        var gap = (top2[.., 0] - top2[.., 1]).min().item<double>();
        if (gap < 1e-3) throw new InvalidOperationException($"test '{test.Name}': two classes' cosines are {gap:g3} apart; change the case");
        set.Expect(call, "class_embeddings", embeddings);
        set.Expect(call, "cosine", cosine);
        set.Expect(call, "predictions", predictions);
        set.Expect(call, "probabilities", probabilities);
    }

    static void Triplet(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, e, margin) = (p.Int("batch"), p.Int("embed"), p.Double("margin"));
        var anchor = randn([batch, e], ScalarType.Float64);
        var positive = (anchor + 0.6 * randn([batch, e], ScalarType.Float64)).to_type(dtype);
        var negative = (anchor + 1.0 * randn([batch, e], ScalarType.Float64)).to_type(dtype);
        anchor = anchor.to_type(dtype);
        set.Input(call, "anchor", anchor);
        set.Input(call, "positive", positive);
        set.Input(call, "negative", negative);
        set.Value(call, "margin", margin);
        var trace = new StageTrace();
        var (loss, perTriplet) = TripletLoss.Of(F64(anchor), F64(positive), F64(negative), margin, trace);
        // Some triplets inside the margin and some beyond it, none at the hinge's kink, or the case proves little.
        var inside = trace.Stages[0].Value - trace.Stages[1].Value + margin;
        var active = (inside > 0).sum().item<long>();
        if (active == 0 || active == batch || inside.abs().min().item<double>() < 1e-3)
            throw new InvalidOperationException($"test '{test.Name}': {active} of {batch} triplets are active (or one sits at the kink); change the case");
        set.Expect(call, "loss", loss);
        set.Expect(call, "per_triplet", perTriplet);
        set.ExpectStages(call, trace);
    }
}
