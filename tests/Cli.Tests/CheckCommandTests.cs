using Course.Contracts.Manifest;

namespace Course.Cli.Tests;

/// <summary><c>./course check</c> through the real CLI process and sandbox.</summary>
public sealed class CheckCommandTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("course-cli-check-").FullName;

    [Fact]
    public async Task Checking_a01_prints_a_row_per_file_and_exits_zero()
    {
        var run = await CliRun.RunAsync(data, ["check", "a01-attention"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = run.Stdout.Split('\n').Where(l => l.StartsWith("ok ")).ToList();
        var manifest = ManifestLoader.Load(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention")).Manifest;
        Assert.Equal(manifest.Alternatives.Count + manifest.Mutants.Count + 2, rows.Count); // and the solution and starter
        Assert.Contains(rows, r => r.Contains("solution/attention.py") && r.Contains("100/100") && r.Contains("full marks"));
        Assert.Contains("no surprises", run.Stdout);
    }

    [Fact]
    public async Task A_mutant_that_fails_a_test_its_manifest_does_not_list_is_a_surprise_and_exits_one()
    {
        // A copy of a01 whose manifest forgets that dropping the output bias also breaks the one-head test.
        var assignments = Directory.CreateDirectory(Path.Combine(data, "assignments")).FullName;
        var copy = Path.Combine(assignments, "a01-attention");
        CopyFolder(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention"), copy);
        var manifest = Path.Combine(copy, "assignment.yaml");
        var yaml = File.ReadAllText(manifest);
        const string listed = "fails: [mha_self_nomask, mha_cross_padding, mha_causal_float32, mha_cross_random, mha_one_head]";
        Assert.Contains(listed, yaml);
        File.WriteAllText(manifest, yaml.Replace(listed, "fails: [mha_self_nomask, mha_cross_padding, mha_causal_float32, mha_cross_random]"));

        var run = await CliRun.RunAsync(data, ["check", "a01-attention"],
            new Dictionary<string, string> { ["Grader__AssignmentsPath"] = assignments });

        Assert.True(run.ExitCode == 1, run.ToString());
        var surprise = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith("FAIL"));
        Assert.Contains("mutants/no_output_bias.diff", surprise);
        Assert.Contains("also fails mha_one_head", surprise);
        Assert.Matches(@"1 of \d+ files surprised", run.Stdout);
    }

    [Fact]
    public async Task A_mutant_whose_patch_no_longer_applies_is_a_surprise_naming_the_line()
    {
        // The solution moved on (one line renamed) under a mutant that patches that line.
        var assignments = Directory.CreateDirectory(Path.Combine(data, "assignments")).FullName;
        var copy = Path.Combine(assignments, "a01-attention");
        CopyFolder(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention"), copy);
        var solution = Path.Combine(copy, "solution", "attention.py");
        File.WriteAllText(solution, File.ReadAllText(solution).Replace("/ np.sqrt(d)", "/ np.sqrt(float(d))"));

        var run = await CliRun.RunAsync(data, ["check", "a01-attention"],
            new Dictionary<string, string> { ["Grader__AssignmentsPath"] = assignments });

        Assert.True(run.ExitCode == 1, run.ToString());
        // Every mutant whose patch touches that line, and only those, fails to apply; each says where.
        var broken = run.Stdout.Split('\n').Where(l => l.StartsWith("FAIL")).ToList();
        Assert.Contains(broken, l => l.Contains("mutants/no_scaling.diff") && l.Contains("patch does not apply") && l.Contains("line 13"));
        Assert.All(broken, l => Assert.Contains("patch does not apply", l));
    }

    [Fact]
    public async Task Naming_no_assignment_or_an_unknown_one_exits_two()
    {
        Assert.Equal(2, (await CliRun.RunAsync(data, ["check"])).ExitCode);
        var unknown = await CliRun.RunAsync(data, ["check", "a99-nothing"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("a99-nothing", unknown.Stderr);
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(data, true);
}
