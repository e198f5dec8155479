using Microsoft.Extensions.DependencyInjection;
using Course.Grader;
using Course.Grader.Pipeline;
using Course.Grader.Authoring;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Course.Contracts.Archive;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;
using Course.Grader.Score;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

/// <summary>a01-attention graded end to end: the reference image makes goldens, the sandbox runs the submission.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class A01PipelineTests(GraderFixture grader)
{
    static readonly string AssignmentDir = Path.Combine(GraderFixture.RepoRoot, "assignments", "a01-attention");

    Task<GradeReport> Grade(string path, LoadedAssignment? assignment = null) =>
        Grade(Path.GetFileName(path), File.ReadAllBytes(path), assignment);

    Task<GradeReport> Grade(string name, byte[] content, LoadedAssignment? assignment = null) =>
        grader.Pipeline.GradeAsync(assignment ?? grader.Assignment("a01-attention"), new SubmissionUpload(name, content),
            TestContext.Current.CancellationToken);

    /// <summary>a01 with short time budgets, so hostile code that runs out the clock costs the suite seconds, not minutes.</summary>
    /// <summary>The a01 solution with a hostile part appended: correct but for what the part does.</summary>
    Task<GradeReport> GradeSolutionWith(string hostilePart) => Grade("attention.py", Encoding.UTF8.GetBytes(
        File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py")) + "\n\n"
        + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hostile", hostilePart))));

    static LoadedAssignment Impatient()
    {
        var a = ManifestLoader.Load(AssignmentDir);
        a.Manifest.Sandbox.TestTimeoutS = 3;
        a.Manifest.Sandbox.ImportTimeoutS = 3;
        a.Manifest.Sandbox.TimeoutS = 60;
        return a;
    }

    [Fact]
    public async Task The_instructor_solution_scores_full_marks_with_provenance()
    {
        var report = await Grade(Path.Combine(AssignmentDir, "solution", "attention.py"));

        Assert.All(report.Tests, t => Assert.True(t.Passed, $"{t.Name}: {t.Output}"));
        Assert.Equal(100, report.Score);
        Assert.Equal(100, report.MaxScore);
        var p = report.Provenance;
        Assert.StartsWith("sha256:", p.SandboxImageId);
        Assert.StartsWith("sha256:", p.ReferenceImageId);
        Assert.Contains("TorchSharp 0.107", p.ReferenceVersion);
        Assert.Equal(20270101, p.Seed);
        Assert.Equal("rtol=0.0001 atol=1E-05", p.Tolerances["sdpa_basic"]);
        Assert.Contains("sandbox", p.StageSeconds.Keys);
    }

    [Fact]
    public async Task A_mutant_s_feedback_names_each_failed_output_and_where_it_first_differs()
    {
        var assignment = grader.Assignment("a01-attention");
        var report = await grader.Pipeline.GradeAsync(assignment, MutantSource.Upload(assignment, "no_scaling"), TestContext.Current.CancellationToken);

        var failed = report.Tests.Where(t => !t.Passed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Matches(@"^output: differs at \[[0-9, ]+\]: \S+ vs expected \S+ \(max abs error", t.Output));
        Assert.All(failed, t => Assert.Contains("\nweights: differs at [", t.Output));
    }

    [Fact]
    public async Task The_starter_is_graded_without_crashing_and_scores_zero()
    {
        var report = await Grade(Path.Combine(AssignmentDir, "starter", "attention.py"));
        Assert.Equal(0, report.Score);
        Assert.All(report.Tests, t => Assert.Contains("NotImplementedError", t.Output));
    }

    static byte[] Notebook(params string[] codeCells) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        nbformat = 4, nbformat_minor = 5, metadata = new { },
        cells = new object[] { new { cell_type = "markdown", metadata = new { }, source = "# My attention" } }
            .Concat(codeCells.Select((source, i) => new { cell_type = "code", metadata = new { }, execution_count = i + 1, outputs = Array.Empty<object>(), source }))
            .ToArray(),
    });

    [Fact]
    public async Task A_notebook_is_graded_from_its_code_cells_in_order()
    {
        var source = File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py"));
        var report = await Grade("attention.ipynb", Notebook("import numpy as np", source));
        Assert.Equal(100, report.Score);
    }

    [Fact]
    public async Task A_notebook_with_a_shell_command_is_rejected_naming_the_cell_before_anything_runs()
    {
        var source = File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py"));
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => Grade("attention.ipynb", Notebook("!pip install nothing\nimport numpy as np", source)));
        Assert.Contains("cell 2 uses `!pip install nothing`: magics and shell commands cannot run in the grader", e.Message);
    }

    [Fact]
    public async Task A_zip_with_the_module_in_a_folder_and_a_helper_module_is_graded()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("hw1/helpers.py").Open()))
                w.Write(File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py")));
            using (var w = new StreamWriter(zip.CreateEntry("hw1/attention.py").Open()))
                w.Write("from helpers import scaled_dot_product_attention, multi_head_attention\n");
        }
        var report = await Grade("submission.zip", buffer.ToArray());
        Assert.Equal(100, report.Score);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_once_with_the_students_line_and_no_harness_frames_and_every_test_says_not_run()
    {
        var report = await Grade("attention.py", Encoding.UTF8.GetBytes(
            "import numpy as np\n\ndef scaled_dot_product_attention(q, k, v, mask=None:\n    return q\n"));

        Assert.Equal(0, report.Score);
        Assert.Equal(ImportFailure.Summary, report.Output);
        var failure = report.ImportFailure;
        Assert.NotNull(failure);
        Assert.StartsWith("SyntaxError: ", failure.Message);
        Assert.Contains("File \"attention.py\", line 3", failure.Traceback);
        Assert.Contains("^", failure.Traceback);
        Assert.StartsWith("SyntaxError: ", failure.Traceback.TrimEnd().Split('\n')[^1]);
        foreach (var harness in new[] { "runner.py", "/opt/harness", "importlib", "/work/" })
            Assert.DoesNotContain(harness, failure.Traceback);
        Assert.All(report.Tests, t => Assert.Equal((TestOutcome.Failed, ImportFailure.NotRun), (t.Status, t.Output)));
    }

    [Fact]
    public async Task An_error_raised_while_importing_keeps_the_students_frames_of_every_file_of_a_zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("helpers.py").Open()))
                w.Write("def load():\n    return {}['weights']\n\nWEIGHTS = load()\n");
            using (var w = new StreamWriter(zip.CreateEntry("attention.py").Open()))
                w.Write("from helpers import WEIGHTS\n");
        }
        var report = await Grade("submission.zip", buffer.ToArray());

        var failure = report.ImportFailure;
        Assert.NotNull(failure);
        Assert.Equal("KeyError: 'weights'", failure.Message);
        Assert.StartsWith("Traceback (most recent call last):", failure.Traceback);
        Assert.Contains("File \"attention.py\", line 1", failure.Traceback);
        Assert.Contains("File \"helpers.py\", line 2, in load", failure.Traceback);
        Assert.DoesNotContain("runner.py", failure.Traceback);
        Assert.DoesNotContain("<frozen", failure.Traceback);
    }

    [Theory]
    [InlineData("infinite_loop.py", "importing the submission took longer than 3 s")]
    [InlineData("fork_bomb.py", "timed out|could not start|ran out of resources")]
    // Killed by the OOM killer, or still filling memory when the import budget runs out on a slow machine.
    [InlineData("memory_bomb.py", "SIGKILL|longer than 3 s")]
    [InlineData("huge_stdout.py", "RuntimeError: still here|longer than 3 s")]
    [InlineData("disk_fill.py", "No space left on device")]
    [InlineData("exit_at_import.py", "exited with code 0 while being imported")]
    [InlineData("kill_everything.py", "defines no function")]
    [InlineData("daemon_child.py", @"shape \(1\)")]
    public async Task Hostile_code_scores_zero_leaves_no_container_and_the_grader_healthy(string file, string feedbackPattern)
    {
        var report = await Grade(Path.Combine(AppContext.BaseDirectory, "Hostile", file), Impatient());

        Assert.Equal(0, report.Score);
        Assert.All(report.Tests, t => Assert.Equal(TestOutcome.Failed, t.Status));
        Assert.Contains(report.Tests, t => System.Text.RegularExpressions.Regex.IsMatch(t.Output, feedbackPattern));
        await AssertNoSandboxContainersLeft();
        Assert.Equal(100, (await Grade(Path.Combine(AssignmentDir, "solution", "attention.py"))).Score);
    }

    [Fact]
    public async Task Frames_planted_in_stdout_stderr_and_outputs_are_ignored_and_only_the_harness_s_is_read()
    {
        var report = await GradeSolutionWith("forged_frame.py");

        Assert.Equal(90, report.Score); // every test but the one it gave up to carry a frame in its outputs
        Assert.False(report.Tests.Single(t => t.Name == "sdpa_long").Passed);
        Assert.All(report.Tests, t => Assert.DoesNotContain("FORGED", t.Output));
        Assert.Contains("COURSE-RESULT 1", report.Log.Stdout); // the planted frame is kept as what the student printed
        Assert.NotEqual(0, report.Log.MemoryPeakBytes);
    }

    [Fact]
    public async Task Visible_tests_cannot_reach_hidden_or_after_due_inputs_and_without_the_split_they_could()
    {
        var hidden = grader.Assignment("a01-attention").Manifest.Tests.Where(t => t.Visibility != Visibility.Visible).Select(t => t.Name).ToList();
        var file = Path.Combine(AppContext.BaseDirectory, "Hostile", "peek_hidden.py");

        var split = await Grade(file);
        foreach (var t in split.Tests)
        {
            Assert.Contains("PEEK inputs=", t.Output);
            if (t.Visibility == Visibility.Visible)
                Assert.All(hidden, name => Assert.DoesNotContain(name, t.Output));
        }
        Assert.Equal("visible tests: exited normally; hidden and after-due tests: exited normally", split.Log.Ending);

        // The same submission with every test in one sandbox reads them all: the split is what keeps them out.
        var together = new GradingPipeline(grader.Goldens, grader.Sandbox, grader.Services.GetRequiredService<Course.Grader.Golden.MutantOutputs>(),
            Microsoft.Extensions.Options.Options.Create(new GraderOptions { SeparateHiddenTests = false, MistakeHints = false }));
        var leaked = await together.GradeAsync(grader.Assignment("a01-attention"),
            new SubmissionUpload("attention.py", await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);
        Assert.Contains(hidden[0], leaked.Tests.First(t => t.Visibility == Visibility.Visible).Output);
    }

    [Fact]
    public async Task Four_gigabytes_of_output_are_cut_to_the_first_mebibyte_of_each_sandbox_run_in_the_log()
    {
        var report = await Grade(Path.Combine(AppContext.BaseDirectory, "Hostile", "huge_stdout.py"), Impatient());
        // Two runs (visible tests, then hidden and after-due ones), each cut with its own note.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(report.Log.Stdout, @"\[output cut: kept the first 1,048,576 of").Count);
        Assert.True(report.Log.Stdout.Length < 2_200_000);
    }

    [Fact]
    public async Task Outputs_a_submission_wrote_itself_with_malformed_headers_fail_only_their_tests()
    {
        var report = await GradeSolutionWith("forged_outputs.py");

        var reasons = new Dictionary<string, string>
        {
            ["sdpa_basic"] = "dtype is 7, not a string",
            ["sdpa_padding_mask"] = "a dimension is a string",
            ["sdpa_causal_float32"] = "__metadata__ is an array",
            ["sdpa_extra_batch_dims"] = "over the 1,048,576 accepted",
        };
        foreach (var t in report.Tests)
        {
            if (reasons.TryGetValue(t.Name, out var reason))
            {
                Assert.Equal(0, t.Score);
                Assert.StartsWith("the outputs could not be read: ", t.Output);
                Assert.Contains(reason, t.Output);
                Assert.True(t.Output.Length < 500, $"{t.Name}: {t.Output.Length} characters of feedback");
            }
            else
            {
                Assert.True(t.Passed, $"{t.Name}: {t.Output}");
            }
        }
        Assert.Equal(60, report.Score);
        Assert.Equal("6 of 10 tests passed.", report.Output);
    }

    [Fact]
    public async Task Forged_done_events_with_fields_of_the_wrong_type_fail_only_their_tests_and_the_grade_is_stored()
    {
        var report = await GradeSolutionWith("forged_done_null.py");

        var forged = new Dictionary<string, string>
        {
            ["sdpa_basic"] = "failed (error) without a message",
            ["sdpa_padding_mask"] = "\\x00hidden after a NUL", // the NUL escaped, the text after it kept
            ["sdpa_long"] = "the test ended without a known status",
        };
        foreach (var t in report.Tests)
        {
            Assert.NotNull(t.Output);
            if (forged.TryGetValue(t.Name, out var feedback))
            {
                Assert.Equal(0, t.Score);
                Assert.Equal(feedback, t.Output);
                Assert.Null(t.Seconds); // "slow", NaN and Infinity are no durations
            }
            else
            {
                Assert.True(t.Passed, $"{t.Name}: {t.Output}");
            }
        }
        Assert.Equal(70, report.Score);

        // What the portal does with it: the job closes as Graded, and the feedback is stored whole.
        using var data = new Queue.QueueDatabase();
        var id = await data.QueueJobAsync();
        var job = (await data.NewQueue().ClaimNextAsync("w1", TestContext.Current.CancellationToken))!;
        Assert.True(await data.NewWriter().WriteGradedAsync(job, "w1", report, TestContext.Current.CancellationToken));
        Assert.Equal(Data.JobStatus.Graded, (await data.JobAsync(id)).Status);
        await using var db = data.NewContext();
        var stored = db.Results.Where(r => r.SubmissionId == job.SubmissionId).SelectMany(r => r.Tests).Single(t => t.Name == "sdpa_padding_mask");
        Assert.Equal("\\x00hidden after a NUL", stored.Output);
    }

    [Theory]
    [InlineData("garbage.py", "not valid UTF-8")]
    public async Task An_ungradable_file_is_rejected_before_anything_runs(string file, string message)
    {
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => Grade(Path.Combine(AppContext.BaseDirectory, "Hostile", file)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task A_zip_with_parent_paths_is_rejected()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true))
        {
            zip.CreateEntry("attention.py");
            zip.CreateEntry("../../etc/cron.d/evil");
        }
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => Grade("evil.zip", buffer.ToArray()));
        Assert.Contains("unsafe path", e.Message);
    }

    [Fact]
    public async Task A_zip_whose_bytecode_cache_holds_the_solution_beside_the_starter_is_rejected()
    {
        // The attack: the TA reads the starter, Python would run the unchecked-hash .pyc beside it.
        var pyc = await CompileInSandbox(File.ReadAllBytes(Path.Combine(AssignmentDir, "solution", "attention.py")));
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("attention.py").Open()))
                w.Write(File.ReadAllText(Path.Combine(AssignmentDir, "starter", "attention.py")));
            using (var s = zip.CreateEntry(pyc.Name).Open()) s.Write(pyc.Bytes);
        }

        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => Grade("submission.zip", buffer.ToArray()));
        Assert.Contains($"compiled code '{pyc.Name}'", e.Message);
        await AssertNoSandboxContainersLeft();
    }

    /// <summary>Byte-compiles a source with the sandbox image's own Python, as an unchecked-hash .pyc (used without looking at the source).</summary>
    async Task<(string Name, byte[] Bytes)> CompileInSandbox(byte[] source)
    {
        const string Compile = """
            import base64, importlib.util, io, py_compile, sys, tarfile
            tarfile.open(fileobj=sys.stdin.buffer, mode="r|").extractall("/work", filter="data")
            cfile = py_compile.compile("/work/attention.py", cfile="/work/out.pyc", doraise=True,
                                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            name = importlib.util.cache_from_source("attention.py")
            print(name, base64.b64encode(open(cfile, "rb").read()).decode())
            """;
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec(), [new SandboxFile("attention.py", source)])
        { Command = ["python3", "-c", Compile], Label = "compile-pyc" }, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Stderr.Text);
        var parts = result.Stdout.Text.Trim().Split(' ');
        Assert.StartsWith("__pycache__/attention.cpython-", parts[0]);
        return (parts[0], Convert.FromBase64String(parts[1]));
    }

    [Fact]
    public async Task A_submission_that_searches_the_sandbox_for_expected_outputs_finds_none()
    {
        var report = await Grade(Path.Combine(AppContext.BaseDirectory, "Hostile", "cheat_search.py"));
        var feedback = report.Tests[0].Output;
        Assert.Contains("cheater found", feedback);
        Assert.Contains("/work/in/inputs.safetensors", feedback); // the search did run
        Assert.DoesNotContain("expected", feedback.Split("cheater found")[1]);
        Assert.DoesNotContain("golden", feedback.Split("cheater found")[1]);
    }

    // This host's containers only: another process on the machine (a portal, a CLI) may be grading right now.
    async Task AssertNoSandboxContainersLeft() =>
        Assert.Empty(await grader.ContainersLabelledAsync($"{SandboxRunner.OwnerLabel}={grader.Sandbox.Owner}"));
}
