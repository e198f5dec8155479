namespace Course.Contracts.Manifest;

/// <summary>What a manifest of a project graded on predictions (every test of kind evaluation) must say.</summary>
static class EvaluationRules
{
    public static void Check(AssignmentManifest m, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(m.Submission.Predictions) || !m.Submission.Predictions.EndsWith(".csv"))
            errors.Add("submission.predictions must name the .csv file of predictions in the uploaded zip");
        if (m.Dataset is not { } data)
        {
            errors.Add("evaluation tests need a dataset (source, seed, labels, classes)");
            return;
        }
        if (string.IsNullOrWhiteSpace(data.Source)) errors.Add("dataset.source names no file under the grader's trusted folder");
        if (IsOutside(data.Source)) errors.Add($"dataset.source '{data.Source}' leaves the trusted folder");
        if (string.IsNullOrWhiteSpace(data.Labels)) errors.Add("dataset.labels names no file under the grader's trusted folder");
        if (IsOutside(data.Labels)) errors.Add($"dataset.labels '{data.Labels}' leaves the trusted folder");
        if (data.Classes.Count < 2 || data.Classes.Distinct().Count() != data.Classes.Count)
            errors.Add("dataset.classes must name at least two distinct labels, in id order");
        foreach (var (name, fraction) in new[] { ("validation", data.ValidationFraction), ("test", data.TestFraction), ("public", data.PublicFraction) })
            if (fraction is <= 0 or >= 1) errors.Add($"dataset.{name}_fraction must lie strictly between 0 and 1");
        if (data.ValidationFraction + data.TestFraction >= 1) errors.Add("dataset: validation and test fractions leave no training rows");
        // Only the public files may be downloaded: never the labels, the record's source of truth or anything outside the folder.
        foreach (var file in data.Downloads.Where(f => IsOutside(f) || f == data.Record))
            errors.Add($"dataset.downloads '{file}' is not a file of the assignment's folder that students may have");
        var baseline = m.Baseline;
        if (baseline is null) errors.Add("evaluation tests need the baseline's figures (baseline:, written by ./course baseline)");
        foreach (var t in m.Tests)
        {
            if (t.Target is <= 0 or > 1) errors.Add($"test '{t.Name}': target must be a macro-F1 in (0, 1]");
            else if (baseline is not null && baseline.MacroF1(t.Part) >= t.Target)
                errors.Add($"test '{t.Name}': target {t.Target} is not above the baseline's macro-F1 {baseline.MacroF1(t.Part)} on the {t.Part.ToName()} part");
        }
    }

    static bool IsOutside(string path) =>
        Path.IsPathRooted(path) || path.Replace('\\', '/').Split('/').Contains("..");
}
