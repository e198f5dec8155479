using System.Diagnostics;
using Course.Contracts.Manifest;
using Course.Grader.Score;
using Course.Grader.Submissions;

namespace Course.Grader.Evaluation;

/// <summary>
/// The trusted evaluation stage of a predictions project, run by the grader itself outside the sandbox (nothing of
/// the student's runs): reads the predictions file from the upload, scores each evaluation test on its part of the
/// test set against the grader's labels, and maps macro-F1 to points from the baseline's figure to the target.
/// </summary>
public sealed class ProjectEvaluator(ProjectData data)
{
    /// <summary>The upload's predictions, or a <see cref="SubmissionRejectedException"/> naming what is wrong (no attempt is used).</summary>
    public IReadOnlyDictionary<string, string> Check(LoadedAssignment assignment, SubmissionUpload upload)
    {
        var spec = assignment.Manifest.Submission;
        return PredictionsCsv.Read(ProjectInspector.Predictions(upload, spec), spec.Predictions, data.TestIds(assignment), Classes(assignment));
    }

    public GradeReport Grade(LoadedAssignment assignment, SubmissionUpload upload)
    {
        var watch = Stopwatch.StartNew();
        return Score(assignment, Check(assignment, upload), watch);
    }

    /// <summary>Scores predictions already read (the baseline's, in <c>./course check</c>).</summary>
    public GradeReport Score(LoadedAssignment assignment, IReadOnlyDictionary<string, string> predictions, Stopwatch? watch = null)
    {
        watch ??= Stopwatch.StartNew();
        var manifest = assignment.Manifest;
        var classes = Classes(assignment);
        var labels = data.Labels(assignment);
        var baseline = manifest.Baseline ?? throw new ManifestException($"{assignment.Id} has no baseline");
        var tests = manifest.Tests.Select(t =>
        {
            var rows = labels.Where(l => t.Part == TestPart.All || l.Part == t.Part).ToList();
            var metrics = ClassificationMetrics.Compute(
                rows.Select(r => IndexOf(classes, r.Label)).ToList(), rows.Select(r => IndexOf(classes, predictions[r.Id])).ToList(), classes.Count);
            var floor = baseline.MacroF1(t.Part);
            var points = EvaluationScore.Points(metrics.MacroF1, floor, t.Target, t.Points);
            // Passing means beating the baseline: the points then grow with the margin.
            var outcome = metrics.MacroF1 > floor ? TestOutcome.Passed : TestOutcome.Failed;
            return new TestResult(t.Name, outcome, points, t.Points, MetricsFeedback.Text(t, metrics, floor, points, classes), t.Visibility)
                { Metric = metrics.MacroF1 };
        }).ToList();
        var seconds = watch.Elapsed.TotalSeconds;
        var provenance = new Provenance(assignment.Id, assignment.ManifestHash, "none: scored by the grader, outside the sandbox", "", "",
            manifest.Dataset!.Seed, $"labels sha256 {Datasets.SplitFiles.Sha256(File.ReadAllBytes(data.LabelsPath(assignment)))[..16]}",
            manifest.Tests.ToDictionary(t => t.Name, t => $"{t.Part.ToName()} part: baseline macro-F1 {baseline.MacroF1(t.Part):0.0000}, target {t.Target:0.0000}"),
            new Dictionary<string, double> { ["evaluate"] = seconds });
        var log = new SandboxLog("", "", "", "not run: the predictions were scored by the grader", null, false, false);
        return new GradeReport(tests.Sum(t => t.Score), manifest.AutogradedPoints, $"Predictions for all {labels.Count} test sentences were read and scored.",
            tests, log, provenance, seconds);
    }

    static IReadOnlyList<string> Classes(LoadedAssignment assignment) =>
        assignment.Manifest.Dataset?.Classes ?? throw new ManifestException($"{assignment.Id} has no dataset");

    static int IndexOf(IReadOnlyList<string> classes, string label) =>
        classes.ToList().IndexOf(label) is var i and >= 0 ? i : throw new GradingInfrastructureException($"label '{label}' is not one of the dataset's classes");
}
