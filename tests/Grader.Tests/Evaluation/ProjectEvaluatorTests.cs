using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Evaluation;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.Options;

namespace Course.Grader.Tests.Evaluation;

public sealed class ProjectEvaluatorTests
{
    static readonly ProjectData Data = new(Options.Create(new GraderOptions { TrustedPath = PhraseBank.TrustedRoot }));
    static readonly ProjectEvaluator Evaluator = new(Data);
    static IReadOnlyList<TestLabel> Labels => Data.Labels(PhraseBank.Assignment);

    [Fact]
    public void A_perfect_file_built_from_the_trusted_labels_scores_full_marks()
    {
        var report = Evaluator.Grade(PhraseBank.Assignment, ProjectZip.Of(ProjectZip.Predictions(Labels, l => l.Label)));
        Assert.Equal(PhraseBank.Assignment.Manifest.AutogradedPoints, report.Score); // the tests' 70; the rubric adds 30
        Assert.All(report.Tests, t => Assert.Equal((TestOutcome.Passed, 1.0), (t.Status, t.Metric!.Value)));
        Assert.Contains("macro-F1 1.0000 on the public part", report.Tests[0].Output);
    }

    [Fact]
    public void A_random_file_scores_near_chance_and_earns_nothing()
    {
        var random = new Random(7);
        var classes = PhraseBank.Assignment.Manifest.Dataset!.Classes;
        var report = Evaluator.Grade(PhraseBank.Assignment, ProjectZip.Of(ProjectZip.Predictions(Labels, _ => classes[random.Next(classes.Count)])));
        // Uniform guesses on three classes: accuracy and macro-F1 about 1/3 (macro-F1 a little under, the classes being unequal).
        Assert.All(report.Tests, t => Assert.InRange(t.Metric!.Value, 0.25, 0.40));
        Assert.Equal(0, report.Score);
    }

    [Fact]
    public void Each_test_scores_only_its_own_part()
    {
        // Right on the public part, always "neutral" on the private one.
        var report = Evaluator.Grade(PhraseBank.Assignment, ProjectZip.Of(ProjectZip.Predictions(Labels, l => l.Part == TestPart.Public ? l.Label : "neutral")));
        Assert.Equal(1.0, report.Tests.Single(t => t.Name == "public_macro_f1").Metric);
        Assert.True(report.Tests.Single(t => t.Name == "private_macro_f1").Metric < 0.4);
        var publicRows = Labels.Count(l => l.Part == TestPart.Public);
        Assert.Contains($"on the public part ({publicRows} sentences)", report.Tests[0].Output);
    }

    [Fact]
    public void The_figures_are_kept_per_test_and_the_confusion_matrix_is_rows_true_columns_predicted()
    {
        var report = Evaluator.Grade(PhraseBank.Assignment, ProjectZip.Of(ProjectZip.Predictions(Labels, _ => "positive")));
        var output = report.Tests[0].Output;
        Assert.Contains("confusion matrix (rows: true label, columns: predicted label)", output);
        var negatives = Labels.Count(l => l.Part == TestPart.Public && l.Label == "negative");
        Assert.Contains($"{"negative",-9}{0,9}{0,9}{negatives,9}", output);
    }

    [Theory]
    [InlineData("report.md", "the zip holds no report (.pdf or .md)")]
    [InlineData("finetune.ipynb", "the zip holds no notebook or code (.ipynb or .py)")]
    [InlineData("predictions.csv", "the zip does not contain predictions.csv")]
    public void A_zip_without_one_of_its_three_parts_is_refused(string left, string expected)
    {
        var files = new (string, byte[])[] { ("predictions.csv", Encoding.UTF8.GetBytes(ProjectZip.Predictions(Labels, l => l.Label))),
            ("finetune.ipynb", "{}"u8.ToArray()), ("report.md", "# R\n"u8.ToArray()) }.Where(f => f.Item1 != left);
        var e = Assert.Throws<SubmissionRejectedException>(() => Evaluator.Check(PhraseBank.Assignment, ProjectZip.Files(files)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_bare_csv_a_fake_pdf_and_a_second_predictions_file_are_refused()
    {
        var csv = Encoding.UTF8.GetBytes(ProjectZip.Predictions(Labels, l => l.Label));
        Assert.Contains("is not a zip", Assert.Throws<SubmissionRejectedException>(() =>
            Evaluator.Check(PhraseBank.Assignment, new SubmissionUpload("predictions.csv", csv))).Message);
        Assert.Contains("is not a PDF file", Assert.Throws<SubmissionRejectedException>(() =>
            Evaluator.Check(PhraseBank.Assignment, ProjectZip.Of(Encoding.UTF8.GetString(csv), ("report.pdf", "hello"u8.ToArray())))).Message);
        Assert.Contains("holds predictions.csv 2 times", Assert.Throws<SubmissionRejectedException>(() =>
            Evaluator.Check(PhraseBank.Assignment, ProjectZip.Of(Encoding.UTF8.GetString(csv), ("out/predictions.csv", csv)))).Message);
    }

    [Fact]
    public void Predictions_in_one_folder_of_the_zip_are_found()
    {
        var csv = Encoding.UTF8.GetBytes(ProjectZip.Predictions(Labels, l => l.Label));
        var upload = ProjectZip.Files([("project/predictions.csv", csv), ("project/code.py", "print(1)\n"u8.ToArray()), ("project/report.pdf", "%PDF-1.7\n"u8.ToArray())]);
        Assert.Equal(Labels.Count, Evaluator.Check(PhraseBank.Assignment, upload).Count);
    }
}
