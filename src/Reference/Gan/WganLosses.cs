using static TorchSharp.torch;

namespace Course.Reference.Gan;

/// <summary>
/// WGAN (Arjovsky et al., 2017), every loss written to be minimised as the authors' code does: the critic minimises
/// mean C(fake) − mean C(real) (the paper maximises its negative), the generator −mean C(fake).
/// </summary>
public static class WganLosses
{
    public static Tensor Critic(Tensor realScores, Tensor fakeScores) => fakeScores.mean() - realScores.mean();

    public static Tensor Generator(Tensor fakeScores) => -fakeScores.mean();

    /// <summary>Weight clipping: every parameter, biases and BatchNorm's affine included, clamped to [−c, c].</summary>
    public static Dictionary<string, Tensor> Clip(IReadOnlyDictionary<string, Tensor> parameters, double c) =>
        parameters.ToDictionary(kv => kv.Key, kv => kv.Value.clamp(-c, c));
}
