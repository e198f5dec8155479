using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// TimeGAN's predictive score, "train on synthetic, test on real": fit the one-step-ahead predictor to the synthetic
/// sequences, then report its mean absolute error on the real ones, averaged over the steps of each sequence and
/// then over the sequences.
/// </summary>
public static class PredictiveScore
{
    public static (Tensor Mae, Tensor Weight, Tensor Bias) Of(Tensor synthetic, Tensor real, Tensor weight, Tensor bias,
        long steps, double lr, StageTrace? trace = null)
    {
        var (w, b) = OneStepPredictor.Train(synthetic, weight, bias, steps, lr);
        var (inputs, targets) = OneStepPredictor.Slice(real);
        var predictions = trace.Keep("predictions", OneStepPredictor.Predict(inputs, w, b));
        return ((predictions - targets).abs().mean([1]).mean(), w, b);
    }
}
