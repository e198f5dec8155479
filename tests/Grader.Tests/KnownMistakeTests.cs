using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Authoring;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

/// <summary>
/// Feedback that names the mistake, end to end on a01: the mutants' outputs are made in the sandbox once and kept
/// beside the goldens, and a failing submission is matched against them on its failing visible tests.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class KnownMistakeTests(GraderFixture grader)
{
    LoadedAssignment A01 => grader.Assignment("a01-attention");

    Task<Score.GradeReport> Grade(string source) => grader.Pipeline.GradeAsync(A01,
        new SubmissionUpload("attention.py", Encoding.UTF8.GetBytes(source)), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_student_s_own_unscaled_attention_in_PyTorch_is_told_it_matches_the_unscaled_mistake()
    {
        // Written another way than the mutant (PyTorch, float32, einsum), the same mistake.
        var alternative = File.ReadAllText(A01.PathOf("alternatives/attention_torch_float32.py"));
        const string scaled = "/ math.sqrt(q.shape[-1])";
        Assert.Contains(scaled, alternative);

        var report = await Grade(alternative.Replace(scaled, ""));

        Assert.True(report.Score < 100);
        Assert.Equal("no_scaling", report.Mistake?.Name);
        Assert.Equal(A01.Manifest.Mutants.Single(m => m.Name == "no_scaling").Hint, report.Mistake!.Hint);
        var golden = await grader.Goldens.GetAsync(A01, A01.Manifest.Seed, TestContext.Current.CancellationToken);
        var kept = Directory.GetFiles(Path.Combine(grader.DataPath, "goldens", golden.Key, "mutants")).Select(Path.GetFileName).ToList();
        Assert.All(A01.Manifest.Mutants, m => Assert.Contains(kept, f => f!.StartsWith(m.Name + "-")));
    }

    [Fact]
    public async Task Two_mistakes_at_once_match_no_single_one_and_nothing_is_said()
    {
        var both = MutantSource.Text(A01, A01.Manifest.Mutants.Single(m => m.Name == "no_scaling"));
        both = UnifiedDiff.Apply(both, File.ReadAllText(A01.PathOf("mutants/no_output_bias.diff")));

        var report = await Grade(both);

        Assert.True(report.Score < 100);
        Assert.Null(report.Mistake);
    }

    [Fact]
    public async Task Full_marks_need_no_hint()
    {
        var report = await Grade(File.ReadAllText(A01.PathOf("solution/attention.py")));
        Assert.Equal(100, report.Score);
        Assert.Null(report.Mistake);
    }
}
