using Course.Contracts.Manifest;

namespace Course.Grader.Tests.Evaluation;

public sealed class EvaluationManifestTests
{
    [Fact]
    public void The_final_project_manifest_loads_as_a_predictions_project()
    {
        var m = PhraseBank.Assignment.Manifest;
        Assert.True(m.GradesPredictions);
        Assert.Equal(70, m.AutogradedPoints);
        Assert.Equal(30, m.RubricPoints);
        Assert.Equal([TestPart.Public, TestPart.Private], m.Tests.Select(t => t.Part));
        Assert.Equal([Visibility.Visible, Visibility.AfterDue], m.Tests.Select(t => t.Visibility));
        Assert.Equal(["negative", "neutral", "positive"], m.Dataset!.Classes);
    }

    [Fact]
    public void Every_problem_of_an_evaluation_manifest_is_reported_at_once()
    {
        var dir = Directory.CreateTempSubdirectory().CreateSubdirectory("p99-broken");
        File.WriteAllText(Path.Combine(dir.FullName, "assignment.yaml"), """
            id: p99-broken
            title: Broken project
            submission: { predictions: predictions.txt }
            reference: baseline
            dataset:
              source: ../secret.txt
              labels: ../../etc/labels.csv
              classes: [a, a]
              test_fraction: 0.95
              record: data/split.json
              downloads: [data/split.json, ../trusted/labels.csv]
            baseline: { public_macro_f1: 0.9 }
            tests:
              - { name: pub, kind: evaluation, part: public, target: 0.8, points: 10 }
              - { name: other, kind: evaluation, part: private, target: 1.5, points: 10 }
              - { name: cmp, entry: f, points: 1 }
            """);
        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(dir.FullName));
        foreach (var expected in new[] { "evaluation tests and comparison tests cannot be mixed", "must name a .py module" })
            Assert.Contains(expected, e.Message);

        File.WriteAllText(Path.Combine(dir.FullName, "assignment.yaml"), File.ReadAllText(Path.Combine(dir.FullName, "assignment.yaml"))
            .Replace("  - { name: cmp, entry: f, points: 1 }", ""));
        e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(dir.FullName));
        foreach (var expected in new[] { "submission.predictions must name the .csv file", "dataset.source '../secret.txt' leaves the trusted folder",
                     "dataset.labels '../../etc/labels.csv' leaves the trusted folder", "dataset.classes must name at least two distinct labels",
                     "validation and test fractions leave no training rows", "dataset.downloads 'data/split.json'",
                     "dataset.downloads '../trusted/labels.csv'", "test 'pub': target 0.8 is not above the baseline's macro-F1 0.9 on the public part",
                     "test 'other': target must be a macro-F1 in (0, 1]" })
            Assert.Contains(expected, e.Message);
    }
}
