using Course.Reference.VisionTransformer;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a10's reference: patches, the input sequence, a pre-norm block, CLIP's loss, zero-shot and the triplet loss, worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class VisionTransformerTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    static void Close(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        foreach (var (e, a) in expected.data<double>().ToArray().Zip(actual.data<double>().ToArray())) Assert.Equal(e, a, 1e-12);
    }

    [Fact]
    public void Patches_run_row_major_over_the_grid_and_list_channel_then_row_then_column()
    {
        using var scope = NewDisposeScope();
        // One 2-channel 2×4 image, pixel value 100·c + 10·y + x; p = 2 gives a 1×2 grid.
        var image = (100 * arange(2, ScalarType.Float64).reshape(2, 1, 1) + 10 * arange(2, ScalarType.Float64).reshape(1, 2, 1)
                     + arange(4, ScalarType.Float64).reshape(1, 1, 4)).unsqueeze(0);
        var patches = Patchify.Of(image, 2);
        Assert.Equal([1L, 2, 8], patches.shape);
        Assert.Equal([0.0, 1, 10, 11, 100, 101, 110, 111], patches[0, 0].data<double>().ToArray());
        Assert.Equal([2.0, 3, 12, 13, 102, 103, 112, 113], patches[0, 1].data<double>().ToArray());
    }

    [Fact]
    public void On_a_tall_image_patch_n_is_row_i_column_j_with_n_equal_to_i_times_the_grid_width_plus_j()
    {
        using var scope = NewDisposeScope();
        // 6×4 with p = 2: a 3×2 grid. Patch n = 2i + j starts at pixel (2i, 2j), whose value is 4·2i + 2j.
        var image = arange(24, ScalarType.Float64).reshape(1, 1, 6, 4);
        var first = Patchify.Of(image, 2)[0, .., 0].data<double>().ToArray();
        Assert.Equal([0.0, 2, 8, 10, 16, 18], first);
    }

    [Fact]
    public void The_stride_p_convolution_equals_patchify_times_the_flattened_weight()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var images = randn([2, 3, 6, 9], ScalarType.Float64);
        var weight = randn([5, 3, 3, 3], ScalarType.Float64);
        var bias = randn([5], ScalarType.Float64);
        using var embed = new PatchEmbed(3, 3, 5);
        embed.Load(weight, bias);
        var expected = Patchify.Of(images, 3).matmul(weight.reshape(5, -1).t()) + bias;
        Assert.True(embed.call(images).allclose(expected, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void The_class_token_comes_first_and_position_row_n_goes_to_token_n()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        // One 1-channel 2×4 image, p = 2: two patches; a zero projection leaves only its bias, 1.
        using var vit = new VitClassifier(1, 2, 2, 3, 0, 1, 4, 1);
        var pos = T([10, 20, 30, 40, 50, 60, 70, 80, 90], 1, 3, 3);
        vit.Load(new Dictionary<string, Tensor>
        {
            ["patch_embed.proj.weight"] = zeros([3, 1, 2, 2], ScalarType.Float64),
            ["patch_embed.proj.bias"] = ones([3], ScalarType.Float64),
            ["cls_token"] = T([-1, -2, -3], 1, 1, 3),
            ["pos_embed"] = pos,
        });
        var tokens = vit.Embed(randn([2, 1, 2, 4], ScalarType.Float64), null);
        Assert.Equal([2L, 3, 3], tokens.shape);
        Assert.Equal([9.0, 18, 27, 41, 51, 61, 71, 81, 91], tokens[1].flatten().data<double>().ToArray());
    }

    static Dictionary<string, Tensor> ZeroBlock(long d, long hidden) => new()
    {
        ["norm1.weight"] = ones([d], ScalarType.Float64), ["norm1.bias"] = zeros([d], ScalarType.Float64),
        ["attn.qkv.weight"] = zeros([3 * d, d], ScalarType.Float64), ["attn.qkv.bias"] = zeros([3 * d], ScalarType.Float64),
        ["attn.proj.weight"] = zeros([d, d], ScalarType.Float64), ["attn.proj.bias"] = zeros([d], ScalarType.Float64),
        ["norm2.weight"] = ones([d], ScalarType.Float64), ["norm2.bias"] = zeros([d], ScalarType.Float64),
        ["mlp.fc1.weight"] = zeros([hidden, d], ScalarType.Float64), ["mlp.fc1.bias"] = zeros([hidden], ScalarType.Float64),
        ["mlp.fc2.weight"] = zeros([d, hidden], ScalarType.Float64), ["mlp.fc2.bias"] = zeros([d], ScalarType.Float64),
    };

    [Fact]
    public void A_pre_norm_block_adds_its_branches_to_the_unnormalised_input()
    {
        using var scope = NewDisposeScope();
        // Zero weights leave the branches their biases: out = x + proj.bias + fc2.bias, x itself never normalised
        // (a post-norm block would return LayerNorm of that sum).
        var p = ZeroBlock(2, 3);
        p["attn.proj.bias"] = T([1, 2], 2);
        p["mlp.fc2.bias"] = T([10, 20], 2);
        using var block = new Block(2, 1, 3);
        block.Load(p);
        var x = T([3, 7, -5, 0.5], 1, 2, 2);
        var trace = new StageTrace();
        var y = block.Forward(x, trace);
        Assert.Equal([14.0, 29, 6, 22.5], y.flatten().data<double>().ToArray());
        Assert.Equal([4.0, 9, -4, 2.5], trace.Stages.Single(s => s.Name == "after_attn").Value.flatten().data<double>().ToArray());
    }

    [Fact]
    public void The_mlp_uses_the_exact_gelu()
    {
        using var scope = NewDisposeScope();
        // fc1 = [1; −2] on a one-feature token at value 1 (LayerNorm of a single feature is its bias, here 1):
        // GELU(1) = Φ(1) = 0.8413447460685429, GELU(−2) = −2Φ(−2) = −0.04550026389635842; fc2 = [1, 1].
        var p = ZeroBlock(1, 2);
        p["norm2.bias"] = T([1], 1);
        p["mlp.fc1.weight"] = T([1, -2], 2, 1);
        p["mlp.fc2.weight"] = T([1, 1], 1, 2);
        using var block = new Block(1, 1, 2);
        block.Load(p);
        var y = block.call(zeros([1, 1, 1], ScalarType.Float64)).item<double>();
        Assert.Equal(0.8413447460685429 - 0.04550026389635842, y, 1e-14);
    }

    [Fact]
    public void Attention_splits_q_k_v_then_heads_in_consecutive_blocks()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        // Against nn's own multi-head attention, whose in_proj_weight has the same (q; k; v) layout.
        var (d, heads) = (6L, 3L);
        var x = randn([2, 4, d], ScalarType.Float64);
        var p = new Dictionary<string, Tensor>
        {
            ["qkv.weight"] = randn([3 * d, d], ScalarType.Float64), ["qkv.bias"] = randn([3 * d], ScalarType.Float64),
            ["proj.weight"] = randn([d, d], ScalarType.Float64), ["proj.bias"] = randn([d], ScalarType.Float64),
        };
        using var attention = new SelfAttention(d, heads);
        attention.Load(p);
        var q = x.matmul(p["qkv.weight"][..(int)d].t()) + p["qkv.bias"][..(int)d];
        var k = x.matmul(p["qkv.weight"][(int)d..(int)(2 * d)].t()) + p["qkv.bias"][(int)d..(int)(2 * d)];
        var v = x.matmul(p["qkv.weight"][(int)(2 * d)..].t()) + p["qkv.bias"][(int)(2 * d)..];
        var outs = new List<Tensor>();
        for (var h = 0; h < heads; h++)
        {
            var cols = arange(2 * h, 2 * h + 2, dtype: ScalarType.Int64);
            var (qh, kh, vh) = (q.index_select(2, cols), k.index_select(2, cols), v.index_select(2, cols));
            outs.Add(nn.functional.softmax(qh.matmul(kh.transpose(1, 2)) / Math.Sqrt(2), -1).matmul(vh));
        }
        var expected = cat(outs, 2).matmul(p["proj.weight"].t()) + p["proj.bias"];
        Assert.True(attention.call(x).allclose(expected, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void Without_blocks_the_head_reads_the_normalised_class_token_only()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var vit = new VitClassifier(2, 2, 6, 4, 0, 1, 8, 3);
        var w = new Dictionary<string, Tensor>
        {
            ["patch_embed.proj.weight"] = randn([4, 2, 2, 2], ScalarType.Float64), ["patch_embed.proj.bias"] = randn([4], ScalarType.Float64),
            ["cls_token"] = randn([1, 1, 4], ScalarType.Float64), ["pos_embed"] = randn([1, 7, 4], ScalarType.Float64),
            ["norm.weight"] = randn([4], ScalarType.Float64), ["norm.bias"] = randn([4], ScalarType.Float64),
            ["head.weight"] = randn([3, 4], ScalarType.Float64), ["head.bias"] = randn([3], ScalarType.Float64),
        };
        vit.Load(w);
        // With no block the class token never sees the image: two different images give the same logits.
        var token = w["cls_token"][0, 0] + w["pos_embed"][0, 0];
        var centred = token - token.mean();
        var normed = centred / ((centred * centred).mean() + 1e-6).sqrt() * w["norm.weight"] + w["norm.bias"];
        var expected = normed.matmul(w["head.weight"].t()) + w["head.bias"];
        var logits = vit.call(randn([2, 2, 4, 6], ScalarType.Float64));
        Close(expected, logits[0]);
        Close(expected, logits[1]);
    }

    [Fact]
    public void The_clip_loss_averages_the_row_and_column_cross_entropies_of_scaled_cosines()
    {
        using var scope = NewDisposeScope();
        // Images e1, 3·e2; texts 2·e1, (e1 + e2): cosines [[1, r], [0, r]] with r = 1/√2; t = 0 so the scale is 1.
        var r = 1 / Math.Sqrt(2);
        var trace = new StageTrace();
        var (logits, loss) = ClipLoss.Of(T([1, 0, 0, 3], 2, 2), T([2, 0, 1, 1], 2, 2), tensor(0.0), trace);
        Assert.True(logits.allclose(T([1, r, 0, r], 2, 2), rtol: 0, atol: 1e-15));
        var rows = (-Math.Log(Math.E / (Math.E + Math.Exp(r))) - Math.Log(Math.Exp(r) / (1 + Math.Exp(r)))) / 2;
        var columns = (-Math.Log(Math.E / (Math.E + 1)) + Math.Log(2)) / 2;
        Assert.Equal(rows, trace.Stages[0].Value.item<double>(), 1e-14);
        Assert.Equal(columns, trace.Stages[1].Value.item<double>(), 1e-14);
        Assert.Equal((rows + columns) / 2, loss.item<double>(), 1e-14);
    }

    [Fact]
    public void The_logit_scale_is_exp_t_clipped_at_one_hundred()
    {
        using var scope = NewDisposeScope();
        var image = T([1, 0, 0.6, 0.8], 2, 2);
        var (below, _) = ClipLoss.Of(image, image, tensor(Math.Log(1 / 0.07)));
        Assert.Equal(1 / 0.07, below[0, 0].item<double>(), 1e-12);
        var (above, _) = ClipLoss.Of(image, image, tensor(5.0));
        Assert.Equal(100.0, above[0, 0].item<double>(), 1e-12);
        Assert.Equal(60.0, above[0, 1].item<double>(), 1e-12);
    }

    [Fact]
    public void Prompt_ensembling_normalises_each_template_before_averaging()
    {
        using var scope = NewDisposeScope();
        // Class 0's templates (1, 0) and (0, 10) weigh alike once normalised: the class embedding is (1, 1)/√2, not
        // the direction of their raw mean (1, 10). Class 1 has one template, (−3, 0) twice.
        var text = T([1, 0, 0, 10, -3, 0, -3, 0], 2, 2, 2);
        var (classes, cosine, predictions, probabilities) = ZeroShot.Of(T([2, 0, 0, -1], 2, 2), text);
        var r = 1 / Math.Sqrt(2);
        Assert.True(classes.allclose(T([r, r, -1, 0], 2, 2), rtol: 0, atol: 1e-15));
        Assert.True(cosine.allclose(T([r, -1, -r, 0], 2, 2), rtol: 0, atol: 1e-15));
        Assert.Equal([0L, 1], predictions.data<long>().ToArray());
        var p0 = 1 / (1 + Math.Exp(100 * (-1 - r)));
        Assert.Equal(p0, probabilities[0, 0].item<double>(), 1e-15);
    }

    [Fact]
    public void Ties_go_to_the_lowest_class_index()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([1L, 0], ZeroShot.LowestArgmax(T([0, 3, 3, 2, 2, 2], 2, 3)).data<long>().ToArray());
    }

    [Fact]
    public void The_triplet_loss_is_the_mean_hinge_on_unsquared_distances_with_pairwise_distances_eps()
    {
        using var scope = NewDisposeScope();
        // Anchor 0; (3, 4) is 5 away and (6, 8) is 10 away (each shifted by ε = 1e-6 inside the norm, as
        // F.pairwise_distance does). Margin 1: the first triplet is beyond the margin (0), the swapped one costs 6.
        var anchor = zeros([2, 2], ScalarType.Float64);
        var near = T([3, 4, 6, 8], 2, 2);
        var far = T([6, 8, 3, 4], 2, 2);
        var (loss, perTriplet) = TripletLoss.Of(anchor, near, far, 1.0);
        var d5 = Math.Sqrt(Math.Pow(3 - 1e-6, 2) + Math.Pow(4 - 1e-6, 2));
        var d10 = Math.Sqrt(Math.Pow(6 - 1e-6, 2) + Math.Pow(8 - 1e-6, 2));
        Assert.Equal([0.0, d10 - d5 + 1], perTriplet.data<double>().ToArray());
        Assert.Equal((d10 - d5 + 1) / 2, loss.item<double>(), 1e-14);
    }
}
