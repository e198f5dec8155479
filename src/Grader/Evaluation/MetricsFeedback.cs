using System.Globalization;
using System.Text;
using Course.Contracts.Manifest;

namespace Course.Grader.Evaluation;

/// <summary>An evaluation test's feedback: the figures, how they map to points, and the confusion matrix (rows true, columns predicted).</summary>
public static class MetricsFeedback
{
    public static string Text(TestSpec test, ClassificationMetrics m, double baseline, double points, IReadOnlyList<string> classes)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"macro-F1 {m.MacroF1:0.0000} on the {test.Part.ToName()} part ({m.Count} sentences): {points:0.##} of {test.Points:0.##} points " +
                             $"(baseline {baseline:0.0000} earns 0, target {test.Target:0.0000} earns all)");
        text.AppendLine(inv, $"accuracy {m.Accuracy:0.0000}");
        var width = Math.Max(9, classes.Max(c => c.Length) + 1);
        text.AppendLine($"{"class".PadRight(width)} precision  recall      F1  support");
        for (var c = 0; c < m.Classes; c++)
            text.AppendLine(inv, $"{classes[c].PadRight(width)} {m.Precision[c],9:0.0000} {m.Recall[c],7:0.0000} {m.F1[c],7:0.0000} {m.Support[c],8}");
        text.AppendLine("confusion matrix (rows: true label, columns: predicted label)");
        text.AppendLine("".PadRight(width) + string.Concat(classes.Select(c => c.PadLeft(width))));
        for (var r = 0; r < m.Classes; r++)
            text.AppendLine(classes[r].PadRight(width) + string.Concat(Enumerable.Range(0, m.Classes).Select(c => m.Confusion[r, c].ToString(inv).PadLeft(width))));
        return text.ToString().TrimEnd();
    }
}
