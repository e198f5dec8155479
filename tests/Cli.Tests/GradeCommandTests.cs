using System.Text.Json;
using Course.Contracts.Manifest;
using Course.Grader.Authoring;

namespace Course.Cli.Tests;

/// <summary>
/// <c>./course grade</c> as a shell user meets it: the real CLI process, the real sandbox, a temporary data folder.
/// stdout carries only the results.json; everything else goes to stderr.
/// </summary>
public sealed class GradeCommandTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("course-cli-tests-").FullName;
    static string A01(string relative) => Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention", relative);

    Task<CliRun> Grade(string submission, bool json = true, IDictionary<string, string>? environment = null) =>
        CliRun.RunAsync(data, ["grade", "--assignment", "a01-attention", "--submission", submission, .. json ? ["--json"] : Array.Empty<string>()], environment);

    [Fact]
    public async Task Json_for_the_solution_is_a_gradescope_results_file_with_full_marks()
    {
        var run = await Grade(A01("solution/attention.py"));

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout); // stdout is exactly one JSON object
        var root = doc.RootElement;
        Assert.Equal(100, root.GetProperty("score").GetDouble());
        Assert.Equal(100, root.GetProperty("max_score").GetDouble());
        Assert.True(root.GetProperty("execution_time").GetDouble() > 0);
        Assert.Equal(JsonValueKind.String, root.GetProperty("output").ValueKind);
        var tests = root.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(10, tests.Count);
        foreach (var t in tests)
        {
            Assert.Equal("passed", t.GetProperty("status").GetString());
            Assert.Equal(t.GetProperty("max_score").GetDouble(), t.GetProperty("score").GetDouble());
            Assert.False(string.IsNullOrEmpty(t.GetProperty("name").GetString()));
            Assert.Contains(t.GetProperty("visibility").GetString(), new[] { "visible", "after_due_date", "hidden" });
        }
        var provenance = root.GetProperty("provenance");
        Assert.StartsWith("sha256:", provenance.GetProperty("sandbox_image_id").GetString());
        Assert.Equal(20270101, provenance.GetProperty("seed").GetInt64());
        Assert.Contains("grading attention.py", run.Stderr);
    }

    [Fact]
    public async Task A_wrong_submission_is_still_graded_and_exits_zero_naming_the_failed_tests()
    {
        var mutant = Path.Combine(data, "attention.py");
        var a01 = ManifestLoader.Load(A01(""));
        await File.WriteAllTextAsync(mutant, MutantSource.Text(a01, a01.Manifest.Mutants.Single(m => m.Name == "no_scaling")),
            TestContext.Current.CancellationToken);
        var run = await Grade(mutant);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var failed = doc.RootElement.GetProperty("tests").EnumerateArray()
            .Where(t => t.GetProperty("status").GetString() == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.True(doc.RootElement.GetProperty("score").GetDouble() < 100);
        Assert.All(failed, t => Assert.Contains("max abs error", t.GetProperty("output").GetString()));
    }

    [Fact]
    public async Task The_table_names_each_test_and_the_total()
    {
        var run = await Grade(A01("solution/attention.py"), json: false);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("score 100 / 100", run.Stdout);
        Assert.Equal(10, run.Stdout.Split('\n').Count(l => l.StartsWith("PASS")));
    }

    [Fact]
    public async Task The_table_shows_a_hostile_submissions_escape_sequences_instead_of_obeying_them()
    {
        // Its error message moves the cursor up, repaints the line as PASS, forges a total and writes the clipboard.
        var path = Path.Combine(data, "attention.py");
        await File.WriteAllTextAsync(path, """
            def scaled_dot_product_attention(q, k, v, mask=None):
                raise ValueError("\x1b[1A\x1b[2K\rPASS     10/10 sdpa_basic\nscore 100 / 100\x1b]52;c;ZXZpbA==\x07")

            def multi_head_attention(*args, **kwargs):
                raise ValueError("\x9b2J")
            """, TestContext.Current.CancellationToken);

        var run = await Grade(path, json: false);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(run.Stdout, c => char.IsControl(c) && c != '\n' && c != '\r');
        // The grader already stores them escaped (SandboxText); the table would escape any that were left.
        Assert.Contains(@"\x1b[1A\x1b[2K\x0dPASS", run.Stdout);
        Assert.Contains(@"\x1b]52;c;ZXZpbA==\x07", run.Stdout);
        Assert.DoesNotContain(run.Stdout.Split('\n'), l => l.StartsWith("PASS"));
        Assert.StartsWith("score 0 / 100", Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith("score")));
    }

    [Fact]
    public async Task An_unsupported_file_type_exits_2_with_one_line_on_stderr_and_nothing_on_stdout()
    {
        var path = Path.Combine(data, "attention.txt");
        await File.WriteAllTextAsync(path, "def scaled_dot_product_attention(q, k, v, mask=None): pass\n", TestContext.Current.CancellationToken);

        var run = await Grade(path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        var reason = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("not graded:"));
        Assert.Contains(".txt", reason);
    }

    [Fact]
    public async Task A_missing_file_and_an_unknown_assignment_exit_2()
    {
        var missing = await Grade(Path.Combine(data, "nowhere.py"));
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("does not exist", missing.Stderr);

        var unknown = await CliRun.RunAsync(data, ["grade", "--assignment", "a99-nothing", "--submission", A01("solution/attention.py"), "--json"]);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("a99-nothing", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);
    }

    [Fact]
    public async Task A_grader_that_cannot_reach_docker_exits_3_with_the_reason()
    {
        var run = await Grade(A01("solution/attention.py"),
            environment: new Dictionary<string, string> { ["Grader__DockerEndpoint"] = "unix:///nonexistent/docker.sock" });

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains(run.Stderr.Split('\n'), l => l.StartsWith("grader failure:"));
    }

    public void Dispose() => Directory.Delete(data, true);
}
