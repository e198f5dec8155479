using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Course.Cli.Tests;

/// <summary>
/// The final project from the shell: <c>grade --json</c> of a predictions zip (scored on the host, no Docker) carries
/// Gradescope's <c>leaderboard</c> field; <c>split</c> remakes the committed files byte for byte.
/// </summary>
public sealed class ProjectCommandTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("course-cli-tests-").FullName;

    [Fact]
    public async Task Json_for_perfect_predictions_has_full_marks_and_the_public_figure_in_the_leaderboard_field()
    {
        var labels = File.ReadAllLines(Path.Combine(CliRun.RepoRoot, "trusted", "final-phrasebank", "test_labels.csv")).Skip(1)
            .Select(l => l.Split(',')).ToList();
        var zip = Path.Combine(data, "project.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "predictions.csv", "id,label\n" + string.Concat(labels.Select(r => $"{r[0]},{r[1]}\n")));
            Write(archive, "finetune.ipynb", "{}");
            Write(archive, "report.md", "# Report\n");
        }
        var run = await CliRun.RunAsync(data, ["grade", "--assignment", "final-phrasebank", "--submission", zip, "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(70, root.GetProperty("score").GetDouble());
        var board = root.GetProperty("leaderboard").EnumerateArray().ToList();
        // Only what students see at once: the private figure stays off the board until the due date.
        Assert.Equal("public_macro_f1", Assert.Single(board).GetProperty("name").GetString());
        Assert.Equal(1.0, board[0].GetProperty("value").GetDouble());
        Assert.Equal("desc", board[0].GetProperty("order").GetString());
    }

    [Fact]
    public async Task A_malformed_predictions_file_exits_2_with_the_line_to_fix()
    {
        var zip = Path.Combine(data, "bad.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Write(archive, "predictions.csv", "id;label\n");
            Write(archive, "code.py", "print(1)\n");
            Write(archive, "report.md", "# Report\n");
        }
        var run = await CliRun.RunAsync(data, ["grade", "--assignment", "final-phrasebank", "--submission", zip]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("predictions.csv line 1 separates its fields with semicolons", run.Stderr);
    }

    [Fact]
    public void Grades_of_other_assignments_carry_no_leaderboard_field()
    {
        var json = JsonSerializer.Serialize(ResultsJson.From(new Grader.Score.GradeReport(1, 1, "ok", [],
            new Grader.Score.SandboxLog("", "", "", "", 0, false, false),
            new Grader.Score.Provenance("a", "h", "i", "r", "v", 1, "k", new Dictionary<string, string>(), new Dictionary<string, double>()), 0)), ResultsJson.Options);
        Assert.DoesNotContain("leaderboard", json);
    }

    static void Write(ZipArchive archive, string name, string text)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    public void Dispose() => Directory.Delete(data, true);
}
