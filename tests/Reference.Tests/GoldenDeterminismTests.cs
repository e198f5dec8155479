using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Reference.Goldens;

namespace Course.Reference.Tests;

[Collection(TorchCollection.Name)]
public sealed class GoldenDeterminismTests
{
    static readonly AssignmentManifest A01 = ManifestLoader.Load(Path.Combine(CourseRoot.OfBuildOutput(), "assignments", "a01-attention")).Manifest;

    [Fact]
    public void The_same_seed_gives_byte_identical_goldens_and_another_seed_does_not()
    {
        var one = GoldenBuilder.Build(A01, 42);
        var two = GoldenBuilder.Build(A01, 42);
        var other = GoldenBuilder.Build(A01, 43);

        foreach (var name in new[] { "inputs.safetensors", "expected.safetensors", "calls.json" })
            Assert.Equal(one[name], two[name]);
        Assert.NotEqual(one["inputs.safetensors"], other["inputs.safetensors"]);
    }

    [Fact]
    public void Goldens_hold_inputs_in_the_tests_dtype_and_expected_outputs_in_float64()
    {
        var files = GoldenBuilder.Build(A01, A01.Seed);
        var inputs = SafeTensors.Read(files["inputs.safetensors"], SafeTensorsLimits.Trusted).Tensors;
        var expected = SafeTensors.Read(files["expected.safetensors"], SafeTensorsLimits.Trusted).Tensors;

        Assert.Equal("F32", inputs["sdpa_causal_float32/q"].DType);
        Assert.Equal("F64", inputs["sdpa_basic/q"].DType);
        Assert.Equal("BOOL", inputs["sdpa_padding_mask/mask"].DType);
        Assert.Equal([2L, 1, 5], inputs["sdpa_padding_mask/mask"].Shape);
        Assert.Equal([2L, 3, 4, 7], expected["sdpa_extra_batch_dims/weights"].Shape);
        Assert.Equal([2L, 6, 7, 9], expected["mha_cross_random/weights"].Shape);
        Assert.All(expected.Values, t => Assert.Equal("F64", t.DType));
        // Every row of attention weights sums to one, and no query row is fully masked.
        foreach (var (name, t) in expected.Where(e => e.Key.EndsWith("/weights")))
        {
            var w = t.ToDoubles();
            var lk = (int)t.Shape[^1];
            for (var row = 0; row < w.Length / lk; row++)
                Assert.Equal(1.0, w.Skip(row * lk).Take(lk).Sum(), 1e-12);
        }
    }
}
