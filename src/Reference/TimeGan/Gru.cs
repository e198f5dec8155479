using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.TimeGan;

/// <summary>
/// A stacked, batch-first GRU written out from PyTorch's <c>nn.GRU</c> equations (gate order r, z, n), so the
/// cross-check against <c>torch.nn.GRU</c> tests the equations and not one library against itself:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h, with h₀ = 0.
/// Parameters carry PyTorch's names (weight_ih_l0 (3H, I), weight_hh_l0 (3H, H), bias_ih_l0, bias_hh_l0, …).
/// </summary>
public sealed class Gru : Module<Tensor, Tensor>
{
    readonly long hidden_size;
    // Registered by name in the constructor (a plain list would not be); kept here for the forward pass.
    readonly List<(Parameter Wih, Parameter Whh, Parameter Bih, Parameter Bhh)> layers = [];

    public Gru(long input_size, long hidden_size, long num_layers, ScalarType dtype = ScalarType.Float64) : base(nameof(Gru))
    {
        this.hidden_size = hidden_size;
        for (var k = 0; k < num_layers; k++)
        {
            var inputs = k == 0 ? input_size : hidden_size;
            var layer = (Parameter(zeros([3 * hidden_size, inputs], dtype)), Parameter(zeros([3 * hidden_size, hidden_size], dtype)),
                Parameter(zeros([3 * hidden_size], dtype)), Parameter(zeros([3 * hidden_size], dtype)));
            register_parameter($"weight_ih_l{k}", layer.Item1);
            register_parameter($"weight_hh_l{k}", layer.Item2);
            register_parameter($"bias_ih_l{k}", layer.Item3);
            register_parameter($"bias_hh_l{k}", layer.Item4);
            layers.Add(layer);
        }
    }

    /// <summary>(B, T, I) → the last layer's hidden states (B, T, H).</summary>
    public override Tensor forward(Tensor x)
    {
        var sequence = x;
        foreach (var (wih, whh, bih, bhh) in layers)
        {
            var h = zeros([x.shape[0], hidden_size], x.dtype);
            var outputs = new List<Tensor>();
            for (long t = 0; t < x.shape[1]; t++)
            {
                var gi = functional.linear(sequence[.., t], wih, bih).chunk(3, -1);   // (W_ir x + b_ir, W_iz x + b_iz, W_in x + b_in)
                var gh = functional.linear(h, whh, bhh).chunk(3, -1);                 // (W_hr h + b_hr, …)
                var r = sigmoid(gi[0] + gh[0]);
                var z = sigmoid(gi[1] + gh[1]);
                var n = tanh(gi[2] + r * gh[2]);                                       // r gates b_hn too, as in PyTorch
                h = (1 - z) * n + z * h;
                outputs.Add(h);
            }
            sequence = stack(outputs, 1);
        }
        return sequence;
    }
}
