using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Tests;

/// <summary>TorchSharp loads in the reference image and computes what a hand calculation says.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void A_linear_layer_forward_and_backward_match_numbers_worked_by_hand()
    {
        using var scope = NewDisposeScope();
        using var linear = Linear(2, 1, dtype: ScalarType.Float64);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new[] { 2.0, -1.0 }, [1, 2]));
            linear.bias!.copy_(tensor(new[] { 0.5 }));
        }
        var x = tensor(new[] { 3.0, 4.0, -1.0, 2.0 }, [2, 2]);

        // y = x·wᵀ + b: [3·2 − 4 + 0.5, −2 − 2 + 0.5] = [2.5, −3.5]
        var y = linear.call(x);
        Assert.Equal([2.5, -3.5], y.data<double>().ToArray());

        // L = Σ y²  ⇒ dL/dy = 2y = [5, −7]; dL/dw = (dL/dy)ᵀ·x = [5·3 − 7·(−1), 5·4 − 7·2] = [22, 6]; dL/db = −2
        y.pow(2).sum().backward();
        Assert.Equal([22.0, 6.0], linear.weight!.grad!.data<double>().ToArray());
        Assert.Equal([-2.0], linear.bias!.grad!.data<double>().ToArray());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    // TorchSharp's generator and default dtype are process-wide: its tests run one at a time.
    public const string Name = "torch";
}
