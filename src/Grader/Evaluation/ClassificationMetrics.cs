namespace Course.Grader.Evaluation;

/// <summary>
/// Accuracy, per-class precision, recall and F1, macro-F1 and the confusion matrix of predicted against true class
/// ids, with the conventions the statement gives (scikit-learn's with <c>labels=[0, 1, 2]</c>): the matrix is
/// always classes × classes in id order, rows true and columns predicted; macro-F1 is the unweighted mean of every
/// class's F1, present or not; a precision or recall whose denominator is 0 is 0, and so is an F1 whose precision
/// and recall are both 0.
/// </summary>
public sealed record ClassificationMetrics(int[,] Confusion, double Accuracy, double[] Precision, double[] Recall, double[] F1, int[] Support)
{
    public int Classes => Support.Length;

    public int Count => Support.Sum();

    public double MacroF1 => F1.Average();

    public static ClassificationMetrics Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predictions differ in length");
        if (truth.Count == 0) throw new ArgumentException("no rows to score");
        var confusion = new int[classes, classes];
        for (var i = 0; i < truth.Count; i++) confusion[truth[i], predicted[i]]++;
        var precision = new double[classes];
        var recall = new double[classes];
        var f1 = new double[classes];
        var support = new int[classes];
        var correct = 0;
        for (var c = 0; c < classes; c++)
        {
            var tp = confusion[c, c];
            int predictedAs = 0, actual = 0;
            for (var k = 0; k < classes; k++)
            {
                predictedAs += confusion[k, c];
                actual += confusion[c, k];
            }
            correct += tp;
            support[c] = actual;
            precision[c] = predictedAs == 0 ? 0 : (double)tp / predictedAs;
            recall[c] = actual == 0 ? 0 : (double)tp / actual;
            // 2TP / (2TP + FP + FN): the harmonic mean of precision and recall, 0 when both are.
            var denominator = predictedAs + actual;
            f1[c] = denominator == 0 ? 0 : 2.0 * tp / denominator;
        }
        return new ClassificationMetrics(confusion, (double)correct / truth.Count, precision, recall, f1, support);
    }
}
