using System.Text.RegularExpressions;

namespace Course.Grader.Tests.Evaluation;

/// <summary>
/// The test labels live only in the grader's trusted folder: nothing under assignments/ (the statement, the starter,
/// the downloads, the sandbox image's build context), the portal's static files or the reference image's inputs
/// holds them. The portal's side (no page or download serves them) is tested in Portal.Tests.
/// </summary>
public sealed class LabelIsolationTests
{
    // A test id beside a label, whatever the separator ("test_0001,positive"); a leak when the label is the true one.
    static readonly Regex LabelledTestRow = new(@"(test_\d{4})\W{1,3}(negative|neutral|positive)", RegexOptions.Compiled);
    static readonly Dictionary<string, string> Truth = File.ReadLines(PhraseBank.LabelsPath).Skip(1)
        .Select(l => l.Split(',')).ToDictionary(r => r[0], r => r[1]);

    static int TrueLabels(string text) =>
        LabelledTestRow.Matches(text).Count(m => Truth.GetValueOrDefault(m.Groups[1].Value) == m.Groups[2].Value);
    // A test sentence in the dataset's own format, "sentence@label", as the source holds it.
    static readonly List<string> TestSourceLines = Course.Grader.Datasets.SplitCsv
        .Read(File.ReadAllBytes(PhraseBank.Assignment.PathOf(PhraseBank.Assignment.Manifest.Dataset!.Test))).Skip(1)
        .Select(r => $"{r[1]}@{Truth[r[0]]}").ToList();

    static int SourceLines(string text) => TestSourceLines.Count(text.Contains);

    [Fact]
    public void The_labels_file_is_outside_every_folder_students_or_the_sandbox_can_reach()
    {
        var labels = Path.GetFullPath(PhraseBank.LabelsPath);
        Assert.True(File.Exists(labels));
        foreach (var reachable in new[] { "assignments", "src/Portal", "src/Reference", "deploy" })
            Assert.False(labels.StartsWith(Path.GetFullPath(Path.Combine(GraderFixture.RepoRoot, reachable)) + Path.DirectorySeparatorChar), $"labels under {reachable}");
        // The sandbox image copies the harness only; its build context is assignments/.
        var dockerfile = File.ReadAllText(Path.Combine(GraderFixture.RepoRoot, "deploy/images/sandbox-python/Dockerfile"));
        Assert.DoesNotContain("trusted", dockerfile);
    }

    [Theory]
    [InlineData("assignments")]
    [InlineData("src/Portal")]
    [InlineData("src/Reference")]
    [InlineData("deploy")]
    public void No_file_in_a_reachable_folder_pairs_a_test_id_with_its_label(string folder)
    {
        var files = Directory.EnumerateFiles(Path.Combine(GraderFixture.RepoRoot, folder), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && new FileInfo(f).Length < 8 * 1024 * 1024);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.True(TrueLabels(text) == 0, $"{file} pairs a test id with its true label");
            Assert.True(SourceLines(text) == 0, $"{file} holds a test sentence with its label, as the source writes it");
        }
    }

    [Fact]
    public void The_pattern_finds_the_labels_where_they_are()
    {
        Assert.Equal(Truth.Count, TrueLabels(File.ReadAllText(PhraseBank.LabelsPath)));
        Assert.Equal(TestSourceLines.Count, SourceLines(File.ReadAllText(
            Path.Combine(PhraseBank.TrustedRoot, PhraseBank.Assignment.Manifest.Dataset!.Source), System.Text.Encoding.Latin1)));
    }
}
