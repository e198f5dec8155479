using Course.Contracts.Manifest;
using Course.Grader.Datasets;

namespace Course.Grader.Evaluation;

/// <summary>The baseline's macro-F1 on the validation split and on each part of the test split, as the manifest records them.</summary>
public static class BaselineFigures
{
    public static Dictionary<string, double> Of(LoadedAssignment assignment, ProjectData data, byte[] validationPredictions, byte[] testPredictions)
    {
        var spec = assignment.Manifest.Dataset!;
        var classes = spec.Classes;
        var validation = SplitCsv.Read(File.ReadAllBytes(assignment.PathOf(spec.Validation))).Skip(1).ToList();
        var predictedValidation = PredictionsCsv.Read(validationPredictions, "validation_predictions.csv", validation.Select(r => r[0]).ToList(), classes);
        var predictedTest = PredictionsCsv.Read(testPredictions, "test_predictions.csv", data.TestIds(assignment), classes);
        var labels = data.Labels(assignment);
        double MacroF1(IEnumerable<(string Truth, string Predicted)> rows)
        {
            var list = rows.ToList();
            return ClassificationMetrics.Compute(list.Select(r => classes.IndexOf(r.Truth)).ToList(), list.Select(r => classes.IndexOf(r.Predicted)).ToList(), classes.Count).MacroF1;
        }
        double Part(TestPart part) => MacroF1(labels.Where(l => part == TestPart.All || l.Part == part).Select(l => (l.Label, predictedTest[l.Id])));
        return new Dictionary<string, double>
        {
            ["validation_macro_f1"] = MacroF1(validation.Select(r => (r[2], predictedValidation[r[0]]))),
            ["test_macro_f1"] = Part(TestPart.All),
            ["public_macro_f1"] = Part(TestPart.Public),
            ["private_macro_f1"] = Part(TestPart.Private),
        };
    }
}
