using Course.Contracts.Manifest;
using Course.Grader.Evaluation;
using Microsoft.Extensions.Options;

namespace Course.Grader.Tests.Evaluation;

public sealed class BaselineTests
{
    static readonly ProjectData Data = new(Options.Create(new GraderOptions { TrustedPath = PhraseBank.TrustedRoot }));

    [Fact]
    public void The_baselines_own_predictions_score_exactly_its_recorded_figures_and_no_points()
    {
        var a = PhraseBank.Assignment;
        var csv = File.ReadAllBytes(Data.BaselinePredictionsPath(a));
        var predictions = PredictionsCsv.Read(csv, "baseline_test_predictions.csv", Data.TestIds(a), a.Manifest.Dataset!.Classes);
        var report = new ProjectEvaluator(Data).Score(a, predictions);
        foreach (var test in a.Manifest.Tests)
        {
            var result = report.Tests.Single(t => t.Name == test.Name);
            Assert.Equal(a.Manifest.Baseline!.MacroF1(test.Part), result.Metric);
            Assert.Equal(0, result.Score);
        }
    }

    [Fact]
    public void The_baseline_beats_chance_and_leaves_room_below_every_target()
    {
        var baseline = PhraseBank.Assignment.Manifest.Baseline!;
        Assert.InRange(baseline.ValidationMacroF1, 0.5, 0.9);
        Assert.All(PhraseBank.Assignment.Manifest.Tests, t => Assert.True(t.Target - baseline.MacroF1(t.Part) > 0.05));
    }

    [Fact]
    public void Recording_the_figures_rewrites_only_their_lines()
    {
        var manifest = "id: x\n# about the baseline\nbaseline:\n  validation_macro_f1: 0 # kept\n  # a note\n  test_macro_f1: 0.5\n  predictions: p.csv\ntests: []\n";
        var updated = BaselineRecord.Update(manifest, new Dictionary<string, double> { ["validation_macro_f1"] = 0.123456789, ["test_macro_f1"] = 0.25 });
        Assert.Equal("id: x\n# about the baseline\nbaseline:\n  validation_macro_f1: 0.123456789 # kept\n  # a note\n  test_macro_f1: 0.25\n  predictions: p.csv\ntests: []\n", updated);
        Assert.Throws<FormatException>(() => BaselineRecord.Update(manifest, new Dictionary<string, double> { ["private_macro_f1"] = 1 }));
    }
}
