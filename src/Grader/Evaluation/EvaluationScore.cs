namespace Course.Grader.Evaluation;

/// <summary>
/// An evaluation test's points: none at or below the baseline's macro-F1 on the same part, all of them at or above
/// the target, linear in between.
/// </summary>
public static class EvaluationScore
{
    public static double Points(double macroF1, double baseline, double target, double points)
    {
        if (target <= baseline) throw new ArgumentException($"the target {target} is not above the baseline {baseline}");
        return points * Math.Clamp((macroF1 - baseline) / (target - baseline), 0, 1);
    }
}
