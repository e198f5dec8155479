using Course.Grader.Evaluation;

namespace Course.Grader.Tests.Evaluation;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void The_figures_match_scikit_learn_on_a_worked_example()
    {
        // sklearn.metrics with labels=[0, 1, 2] on y_true=[0,0,1,1,1,2,2,2,2], y_pred=[0,1,1,1,2,2,2,0,2]:
        // confusion [[1,1,0],[0,2,1],[1,0,3]]; precision [0.5, 2/3, 0.75]; recall [0.5, 2/3, 0.75]; accuracy 6/9.
        var m = ClassificationMetrics.Compute([0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 2, 2, 2, 0, 2], 3);
        Assert.Equal(new[,] { { 1, 1, 0 }, { 0, 2, 1 }, { 1, 0, 3 } }, m.Confusion);
        Assert.Equal(6.0 / 9, m.Accuracy, 12);
        Assert.Equal([0.5, 2.0 / 3, 0.75], m.Precision);
        Assert.Equal([0.5, 2.0 / 3, 0.75], m.Recall);
        Assert.Equal((0.5 + 2.0 / 3 + 0.75) / 3, m.MacroF1, 12);
        Assert.Equal([2, 3, 4], m.Support);
    }

    [Fact]
    public void A_class_never_predicted_and_never_true_counts_as_zero_in_the_macro_mean()
    {
        // Every prediction right, but class 2 absent from both: its F1 is 0 and macro-F1 is 2/3 (labels=[0,1,2]).
        var m = ClassificationMetrics.Compute([0, 1, 1], [0, 1, 1], 3);
        Assert.Equal(1, m.Accuracy);
        Assert.Equal([1.0, 1.0, 0.0], m.F1);
        Assert.Equal(2.0 / 3, m.MacroF1, 12);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero()
    {
        var m = ClassificationMetrics.Compute([0, 1, 2], [0, 0, 0], 3);
        Assert.Equal([1.0 / 3, 0, 0], m.Precision);
        Assert.Equal([1.0, 0, 0], m.Recall);
        Assert.Equal(0.5, m.F1[0], 12);
    }

    [Theory]
    [InlineData(0.60, 0.0)]
    [InlineData(0.50, 0.0)]
    [InlineData(0.70, 10.0)]
    [InlineData(0.80, 20.0)]
    [InlineData(0.95, 20.0)]
    public void Points_grow_linearly_from_the_baseline_to_the_target_and_are_clamped(double f1, double points)
    {
        Assert.Equal(points, EvaluationScore.Points(f1, 0.6, 0.8, 20), 9);
    }
}
