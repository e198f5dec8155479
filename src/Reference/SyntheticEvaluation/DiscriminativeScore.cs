using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// TimeGAN's discriminative score (Yoon et al. 2019): train a classifier to tell real (label 1) from synthetic
/// (label 0) sequences, then score |accuracy − 0.5| on a held-out split; 0 means the classifier cannot tell them
/// apart. A sequence is predicted real iff p &gt; 0.5 (strictly, as TimeGAN's code does), i.e. iff its logit &gt; 0.
/// </summary>
public static class DiscriminativeScore
{
    public static (Tensor Score, Tensor Accuracy, Tensor Weight, Tensor Bias) Of(
        Tensor realTrain, Tensor syntheticTrain, Tensor realTest, Tensor syntheticTest,
        Tensor weight, Tensor bias, long steps, double lr, StageTrace? trace = null)
    {
        var x = cat([realTrain, syntheticTrain]);
        var y = cat([ones(realTrain.shape[0], ScalarType.Float64), zeros(syntheticTrain.shape[0], ScalarType.Float64)]);
        var (w, b) = PostHocClassifier.Train(x, y, weight, bias, steps, lr);
        var testX = cat([realTest, syntheticTest]);
        var testY = cat([ones(realTest.shape[0], ScalarType.Float64), zeros(syntheticTest.shape[0], ScalarType.Float64)]);
        var logits = trace.Keep("test_logits", PostHocClassifier.Logits(testX, w, b));
        var predicted = (logits > 0).to_type(ScalarType.Float64);
        var accuracy = predicted.eq(testY).to_type(ScalarType.Float64).mean();
        return ((accuracy - 0.5).abs(), accuracy, w, b);
    }
}
