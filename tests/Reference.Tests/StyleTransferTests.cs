using Course.Reference.StyleTransfer;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a04's reference: small cases worked by hand, and the ascent gradient against finite differences.</summary>
[Collection(TorchCollection.Name)]
public sealed class StyleTransferTests
{
    [Fact]
    public void The_gram_matrix_is_channel_correlations_averaged_over_positions()
    {
        using var scope = NewDisposeScope();
        // Two channels over two positions: [1, 2] and [3, 4]. F Fᵀ = [[5, 11], [11, 25]], divided by H·W = 2.
        var g = GramMatrix.Of(tensor(new[] { 1.0, 2.0, 3.0, 4.0 }, [1, 2, 1, 2]));
        Assert.Equal([2.5, 5.5, 5.5, 12.5], g.data<double>().ToArray());
    }

    [Fact]
    public void Total_variation_sums_absolute_differences_down_and_right()
    {
        using var scope = NewDisposeScope();
        // [[1, 4], [0, 2]]: down |0−1| + |2−4| = 3, right |4−1| + |2−0| = 5.
        var tv = StyleLosses.TotalVariation(tensor(new[] { 1.0, 4.0, 0.0, 2.0 }, [1, 1, 2, 2]));
        Assert.Equal(8.0, tv.item<double>());
    }

    [Fact]
    public void The_ascent_gradient_matches_central_finite_differences_in_float64()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var net = new FeatureNet(4, 3);
        net.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = randn([4, 3, 3, 3], ScalarType.Float64) / 5,
            ["conv1.bias"] = 0.1 * randn([4], ScalarType.Float64),
            ["conv2.weight"] = randn([3, 4, 3, 3], ScalarType.Float64) / 6,
            ["conv2.bias"] = 0.3 + 0.1 * randn([3], ScalarType.Float64),
        });
        var image = rand([1, 3, 5, 5], ScalarType.Float64);
        const long unit = 1;
        var trace = new StageTrace();
        var (stepped, activation) = GradientAscent.Step(net, image, unit, 0.05, trace);
        var gradient = trace.Stages.Single(s => s.Name == "gradient").Value;

        double Activation(Tensor x)
        {
            using var _ = no_grad();
            return net.call(x)[.., unit].mean().item<double>();
        }
        Assert.Equal(Activation(image), activation.item<double>(), 1e-12);
        const double h = 1e-6;
        var flat = image.reshape(-1);
        for (long i = 0; i < flat.shape[0]; i += 7)
        {
            var plus = flat.clone(); plus[i] += h;
            var minus = flat.clone(); minus[i] -= h;
            var numeric = (Activation(plus.reshape(image.shape)) - Activation(minus.reshape(image.shape))) / (2 * h);
            Assert.Equal(numeric, gradient.reshape(-1)[i].item<double>(), 1e-8);
        }
        // The step is along the gradient, scaled to a root-mean-square of one.
        var moved = (stepped - image) / 0.05;
        Assert.Equal(1.0, moved.pow(2).mean().sqrt().item<double>(), 1e-6);
        Assert.True(Activation(stepped) > activation.item<double>());
    }
}
