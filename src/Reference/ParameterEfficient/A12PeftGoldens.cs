using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// a12-peft: a LoRA layer (forward, merged weight, unmerging, one SGD step), prompt tuning's inputs, prefix tuning in
/// one self-attention layer, a bottleneck adapter and the trainable-parameter counts of each method. Every tensor
/// (weights, A, B, prompts, prefixes, inputs, targets) is drawn here from the test's seed and passed in.
/// </summary>
public sealed class A12PeftGoldens : IGoldenGenerator
{
    public string Name => "a12-peft";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        // Inputs are drawn in float64 and stored in the test's dtype; the reference computes on what was stored.
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        Tensor Randn(params long[] shape) => randn(shape, ScalarType.Float64);

        switch (test.Entry)
        {
            case "lora_linear":
            {
                var (inF, outF, r, alpha) = (p.Int("in"), p.Int("out"), p.Int("r"), p.Double("alpha"));
                var x = Stored(Randn([.. p.Dims("batch"), inF]));
                var (weight, bias, a, b) = LoraWeights(inF, outF, r, Stored);
                if (p.Flag("init")) b = zeros([outF, r], ScalarType.Float64);  // PEFT's initialisation: B = 0
                set.Input(call, "x", x.to_type(dtype));
                set.Input(call, "weight", weight.to_type(dtype));
                set.Input(call, "bias", bias.to_type(dtype));
                set.Input(call, "lora_A", a.to_type(dtype));
                set.Input(call, "lora_B", b.to_type(dtype));
                set.Value(call, "alpha", alpha);
                set.Value(call, "r", r);
                using var layer = new LoraLinear(inF, outF, r, alpha);
                layer.Load(weight, bias, a, b);
                var trace = new StageTrace();
                using (no_grad())
                {
                    set.Expect(call, "output", layer.Forward(x, trace));
                    set.Expect(call, "merged_weight", layer.MergedWeight());
                }
                set.ExpectStages(call, trace);
                break;
            }
            case "lora_unmerge":
            {
                var (inF, outF, r, alpha) = (p.Int("in"), p.Int("out"), p.Int("r"), p.Double("alpha"));
                // Any (out, in) matrix can be a merged weight: unmerging subtracts (α/r)·B A from it.
                var (merged, _, a, b) = LoraWeights(inF, outF, r, Stored);
                set.Input(call, "merged_weight", merged.to_type(dtype));
                set.Input(call, "lora_A", a.to_type(dtype));
                set.Input(call, "lora_B", b.to_type(dtype));
                set.Value(call, "alpha", alpha);
                set.Value(call, "r", r);
                set.Expect(call, "weight", LoraLinear.Unmerge(merged, a, b, alpha, r));
                break;
            }
            case "lora_sgd_step":
            {
                var (inF, outF, r, alpha, lr) = (p.Int("in"), p.Int("out"), p.Int("r"), p.Double("alpha"), p.Double("lr"));
                var x = Stored(Randn([.. p.Dims("batch"), inF]));
                var (weight, bias, a, b) = LoraWeights(inF, outF, r, Stored);
                var target = Stored(Randn([.. p.Dims("batch"), outF]));
                set.Input(call, "x", x.to_type(dtype));
                set.Input(call, "weight", weight.to_type(dtype));
                set.Input(call, "bias", bias.to_type(dtype));
                set.Input(call, "lora_A", a.to_type(dtype));
                set.Input(call, "lora_B", b.to_type(dtype));
                set.Value(call, "alpha", alpha);
                set.Value(call, "r", r);
                set.Input(call, "target", target.to_type(dtype));
                set.Value(call, "lr", lr);
                using var layer = new LoraLinear(inF, outF, r, alpha);
                layer.Load(weight, bias, a, b);
                var (loss, gradA, gradB, trainable) = LoraSgdStep.Take(layer, x, target, lr);
                set.Expect(call, "loss", loss);
                set.Expect(call, "grad_A", gradA);
                set.Expect(call, "grad_B", gradB);
                set.Expect(call, "weight", layer.Weight);
                set.Expect(call, "bias", layer.Bias);
                set.Expect(call, "lora_A", layer.A);
                set.Expect(call, "lora_B", layer.B);
                set.Expect(call, "trainable", tensor((double)trainable));
                break;
            }
            case "prompt_tuning_inputs": Prompt(p, set, call, dtype, Stored); break;
            case "prefix_attention": Prefix(p, set, call, dtype, Stored); break;
            case "adapter_forward":
            {
                var (d, m) = (p.Int("d"), p.Int("bottleneck"));
                var h = Stored(Randn([.. p.Dims("batch"), d]));
                var w = new Dictionary<string, Tensor>
                {
                    ["down_proj.weight"] = Stored(Randn(m, d) / Math.Sqrt(d)),
                    ["down_proj.bias"] = Stored(0.3 * Randn(m)),
                    ["up_proj.weight"] = Stored(Randn(d, m) / Math.Sqrt(m)),
                    ["up_proj.bias"] = Stored(0.1 * Randn(d)),
                };
                set.Input(call, "h", h.to_type(dtype));
                set.InputDict(call, "params", w.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(dtype)));
                using var adapter = new BottleneckAdapter(d, m);
                adapter.LoadParameters(w);
                var trace = new StageTrace();
                using (no_grad()) set.Expect(call, "output", adapter.Forward(h, trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "parameter_counts":
            {
                var (d, layers, dFf) = (p.Int("d_model"), p.Int("n_layers"), p.Int("d_ff"));
                var (r, prompt, prefix, m) = (p.Int("r"), p.Int("prompt_length"), p.Int("prefix_length"), p.Int("bottleneck"));
                foreach (var (name, value) in new[] { ("d_model", d), ("n_layers", layers), ("d_ff", dFf), ("r", r),
                             ("prompt_length", prompt), ("prefix_length", prefix), ("bottleneck", m) })
                    set.Value(call, name, value);
                set.Expect(call, "full", tensor((double)TrainableParameters.FullFineTuning(d, layers, dFf)));
                set.Expect(call, "lora", tensor((double)TrainableParameters.Lora(d, layers, r)));
                set.Expect(call, "prompt", tensor((double)TrainableParameters.PromptTuning(d, prompt)));
                set.Expect(call, "prefix", tensor((double)TrainableParameters.PrefixTuning(d, layers, prefix)));
                set.Expect(call, "adapter", tensor((double)TrainableParameters.Adapters(d, layers, m)));
                break;
            }
            default: throw new ArgumentException($"test '{test.Name}': a12 has no entry point '{test.Entry}'");
        }
    }

    /// <summary>
    /// W₀ and A scaled by 1/√in (A about as spread as PEFT's Kaiming-uniform initialisation), B non-zero (as after
    /// some training) and large enough that a wrong scale α or α/√r, or a transposed product, moves the output far
    /// beyond the tolerance.
    /// </summary>
    static (Tensor Weight, Tensor Bias, Tensor A, Tensor B) LoraWeights(long inF, long outF, long r, Func<Tensor, Tensor> stored) => (
        stored(randn([outF, inF], ScalarType.Float64) / Math.Sqrt(inF)),
        stored(0.1 * randn([outF], ScalarType.Float64)),
        stored(randn([r, inF], ScalarType.Float64) / Math.Sqrt(inF)),
        stored(0.5 * randn([outF, r], ScalarType.Float64)));

    static void Prompt(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype, Func<Tensor, Tensor> stored)
    {
        var (batch, length, promptLength, d, vocab) = (p.Int("batch"), p.Int("length"), p.Int("prompt_length"), p.Int("d"), p.Int("vocab"));
        var ids = randint(vocab, [batch, length], ScalarType.Int64);
        // Right padding: the first sequence is full, the others end in 0…L−1 padding positions.
        var real = Masks.RealTokens(batch, length);
        var mask = real.to_type(ScalarType.Int64);
        var labels = ids.masked_fill(real.logical_not(), PromptTuning.IgnoreIndex);
        var embedding = stored(randn([vocab, d], ScalarType.Float64));
        var prompt = stored(0.5 * randn([promptLength, d], ScalarType.Float64));
        set.Input(call, "input_ids", ids);
        set.Input(call, "attention_mask", mask);
        set.Input(call, "labels", labels);
        set.Input(call, "embedding", embedding.to_type(dtype));
        set.Input(call, "prompt", prompt.to_type(dtype));
        var (embeds, newMask, newLabels) = PromptTuning.Prepend(ids, mask, labels, embedding, prompt);
        set.Expect(call, "inputs_embeds", embeds);
        set.Expect(call, "attention_mask", newMask);
        set.Expect(call, "labels", newLabels);
    }

    static void Prefix(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype, Func<Tensor, Tensor> stored)
    {
        var (batch, length, prefixLength, d, heads) = (p.Int("batch"), p.Int("length"), p.Int("prefix_length"), p.Int("d"), p.Int("heads"));
        var causal = p.Flag("causal");
        var x = stored(randn([batch, length, d], ScalarType.Float64));
        var mask = Masks.RealTokens(batch, length).to_type(ScalarType.Int64);
        var w = new Dictionary<string, Tensor>();
        foreach (var name in PrefixSelfAttention.Projections)
        {
            w[$"{name}.weight"] = stored(randn([d, d], ScalarType.Float64) / Math.Sqrt(d));
            w[$"{name}.bias"] = stored(0.1 * randn([d], ScalarType.Float64));
        }
        // About the size of the keys and values the tokens produce, so the prefix takes a real share of the attention.
        var prefixKey = stored(randn([heads, prefixLength, d / heads], ScalarType.Float64));
        var prefixValue = stored(randn([heads, prefixLength, d / heads], ScalarType.Float64));
        set.Input(call, "x", x.to_type(dtype));
        set.Input(call, "attention_mask", mask);
        set.InputDict(call, "params", w.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(dtype)));
        set.Input(call, "prefix_key", prefixKey.to_type(dtype));
        set.Input(call, "prefix_value", prefixValue.to_type(dtype));
        set.Value(call, "n_heads", heads);
        set.Value(call, "causal", causal);
        using var attention = new PrefixSelfAttention(d, heads);
        attention.LoadParameters(w);
        var trace = new StageTrace();
        using (no_grad()) set.Expect(call, "output", attention.Forward(x, mask, prefixKey, prefixValue, causal, trace));
        set.ExpectStages(call, trace);
    }
}
