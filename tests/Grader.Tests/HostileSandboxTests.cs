using System.Text;
using System.Text.RegularExpressions;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;
using Course.Grader.Score;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

/// <summary>
/// Hostile submissions graded through the real sandbox (docs/hostile-suite.md lists every case). Most are the a01
/// solution with a hostile part appended, so the tests the part leaves alone must still pass: the attack costs only
/// what it touched. Each ends with no container of this grader left behind.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class HostileSandboxTests(GraderFixture grader)
{
    static readonly string AssignmentDir = Path.Combine(GraderFixture.RepoRoot, "assignments", "a01-attention");

    static string HostilePart(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hostile", file));

    /// <summary>
    /// a01 with short time budgets, so hostile code that runs out the clock costs the suite seconds, not minutes, and a
    /// 16 MiB work dir, so filling it is quick on a loaded machine too.
    /// </summary>
    static LoadedAssignment Impatient()
    {
        var a = ManifestLoader.Load(AssignmentDir);
        a.Manifest.Sandbox.WorkMb = 16;
        a.Manifest.Sandbox.TestTimeoutS = 3;
        a.Manifest.Sandbox.ImportTimeoutS = 3;
        a.Manifest.Sandbox.TimeoutS = 60;
        return a;
    }

    /// <summary>The a01 solution with a hostile part appended, graded; then the grader is checked to have left nothing.</summary>
    async Task<GradeReport> GradeSolutionWith(string hostilePart)
    {
        var source = File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py")) + "\n\n" + HostilePart(hostilePart);
        var report = await grader.Pipeline.GradeAsync(Impatient(), new SubmissionUpload("attention.py", Encoding.UTF8.GetBytes(source)),
            TestContext.Current.CancellationToken);
        Assert.Empty(await grader.ContainersLabelledAsync($"{SandboxRunner.OwnerLabel}={grader.Sandbox.Owner}"));
        return report;
    }

    static Score.TestResult Test(GradeReport report, string name) => report.Tests.Single(t => t.Name == name);

    static void AssertPassedBut(GradeReport report, params string[] failed)
    {
        foreach (var t in report.Tests)
            Assert.True(t.Passed != failed.Contains(t.Name), $"{t.Name}: {t.Status} {t.Output}");
    }

    [Fact]
    public async Task Hostile_proc_snooping_reads_nothing_of_the_harness_and_fails_only_its_test()
    {
        var report = await GradeSolutionWith("proc_snoop.py");

        var feedback = Test(report, "sdpa_basic").Output;
        Assert.Contains("SNOOP secret=not found", feedback);
        // The harness (PID 1) is undumpable: its memory, open files, environment and stack are closed to the student's uid.
        foreach (var probe in new[] { "environ", "mem", "stack", "syscall", "fd", "root", "cwd" })
            Assert.Contains($"1/{probe}=PermissionError", feedback);
        AssertPassedBut(report, "sdpa_basic");
        Assert.Equal(90, report.Score);
    }

    [Fact]
    public async Task Hostile_ptrace_and_process_vm_calls_on_the_harness_are_refused_and_it_keeps_grading()
    {
        var report = await GradeSolutionWith("ptrace_harness.py");

        Assert.Contains("PTRACE ptrace=Operation not permitted ptrace=Operation not permitted process_vm_readv=Operation not permitted "
            + "process_vm_writev=Operation not permitted SIGSTOP=sent", Test(report, "sdpa_basic").Output);
        AssertPassedBut(report, "sdpa_basic");
        Assert.Equal(90, report.Score);
    }

    [Fact]
    public async Task Hostile_rlimits_cannot_be_raised_nor_the_harness_s_lowered_and_the_solution_still_scores_full_marks()
    {
        var report = await GradeSolutionWith("raise_rlimits.py");

        var line = Regex.Match(report.Log.Stdout, "RLIMITS .*").Value;
        foreach (var name in new[] { "RLIMIT_NPROC", "RLIMIT_NOFILE" })
            Assert.Contains($"raise {name}=ValueError", line);
        foreach (var name in new[] { "RLIMIT_NOFILE", "RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_NPROC" })
            Assert.Contains($"lower harness {name}=PermissionError", line);
        AssertPassedBut(report);
        Assert.Equal(100, report.Score);
    }

    [Fact]
    public async Task Hostile_dev_shm_holds_16_MiB_at_most_and_the_tests_still_run()
    {
        var report = await GradeSolutionWith("dev_shm.py");

        Assert.Contains("SHM wrote 16 MiB: No space left on device", report.Log.Stdout);
        AssertPassedBut(report);
    }

    [Fact]
    public async Task Hostile_a_million_tiny_files_stop_at_the_inode_caps_in_milliseconds_and_every_test_fails_for_want_of_room()
    {
        var report = await GradeSolutionWith("million_files.py");

        // Each run (visible tests, then the others) starts on fresh tmpfs mounts and stops at the same caps.
        foreach (var (folder, cap) in new[] { ("/work/many", HardenedContainer.WorkInodes), ("/tmp/many", HardenedContainer.ScratchInodes),
                     ("/dev/shm/many", HardenedContainer.ScratchInodes) })
        {
            var counts = Regex.Matches(report.Log.Stdout, $@"FILES {folder}: (\d+) files: No space left on device").Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(2, counts.Count);
            Assert.All(counts, n => Assert.InRange(n, cap - 64, cap));
        }
        // The work dir's inodes are the submission's to spend, as its bytes are: with none left its outputs cannot be saved.
        Assert.All(report.Tests, t => Assert.Contains("No space left on device", t.Output));
        Assert.Equal(0, report.Score);
    }

    [Fact]
    public async Task Hostile_unbounded_recursion_fails_only_its_tests_and_the_runner_goes_on()
    {
        var report = await GradeSolutionWith("deep_recursion.py");

        // Python calls keep their frames on the heap, so nothing stops them but the clock (or, on a fast machine, the memory limit).
        Assert.Matches("^timed out: the call took longer than 3 s$|^crashed: the submission was killed by SIGKILL", Test(report, "sdpa_basic").Output);
        // Calls through C hit the interpreter's C-stack guard, however high the limit was set.
        Assert.StartsWith("RecursionError: maximum recursion depth exceeded", Test(report, "sdpa_padding_mask").Output);
        AssertPassedBut(report, "sdpa_basic", "sdpa_padding_mask");
    }

    [Fact]
    public async Task Hostile_one_very_long_line_is_cut_in_the_log_and_on_the_harness_channel_fails_only_its_test()
    {
        var report = await GradeSolutionWith("long_line.py");

        Assert.Contains("[output cut: kept the first 1,048,576 of", report.Log.Stdout);
        Assert.Contains("[output cut: kept the first 1,048,576 of", report.Log.Stderr);
        Assert.True(report.Log.Stdout.Length < 2_200_000);
        // Found out at the first mebibyte (the harness reads its channel in chunks), not by the test's time limit.
        Assert.Equal("crashed: the submission wrote garbage on the harness channel during this test", Test(report, "sdpa_basic").Output);
        AssertPassedBut(report, "sdpa_basic");
    }

    [Fact]
    public async Task Hostile_binary_stdout_reaches_the_log_as_escaped_text_and_the_grade_is_full()
    {
        var report = await GradeSolutionWith("binary_stdout.py");

        Assert.Equal(100, report.Score);
        foreach (var log in new[] { report.Log.Stdout, report.Log.Stderr })
        {
            Assert.DoesNotContain('\0', log);
            Assert.DoesNotContain('\u001b', log);
            Assert.Contains("All tests passed: 100/100", log); // kept, as text the student printed
        }
    }

    [Fact]
    public async Task Hostile_outputs_of_giant_shapes_or_object_or_complex_dtypes_fail_only_their_tests_with_a_reason()
    {
        var report = await GradeSolutionWith("giant_outputs.py");

        Assert.StartsWith("TypeError: output is a ndarray, which is not an array of numbers", Test(report, "sdpa_basic").Output);
        Assert.StartsWith("TypeError: output is complex; real numbers were expected", Test(report, "sdpa_padding_mask").Output);
        Assert.StartsWith("MemoryError: Unable to allocate 8.00 TiB for an array with shape (1048576, 1048576)", Test(report, "sdpa_causal_float32").Output);
        Assert.Contains("No space left on device", Test(report, "sdpa_extra_batch_dims").Output);
        Assert.StartsWith("output: shape (0, 268435456, 268435456)", Test(report, "sdpa_long").Output);
        AssertPassedBut(report, "sdpa_basic", "sdpa_padding_mask", "sdpa_causal_float32", "sdpa_extra_batch_dims", "sdpa_long");
        Assert.Equal(50, report.Score);
    }

    [Fact]
    public async Task Hostile_sleeping_past_the_timeout_after_printing_plausible_output_and_writing_outputs_scores_zero_for_those_tests()
    {
        var report = await GradeSolutionWith("sleep_after_output.py");

        foreach (var name in new[] { "sdpa_padding_mask", "sdpa_causal_float32" })
        {
            var t = Test(report, name);
            Assert.Equal(0, t.Score);
            Assert.Contains("the call took longer than 3 s", t.Output);
            Assert.Contains($"{name}: passed (10/10)", report.Log.Stdout); // what it printed is in the log, and counted for nothing
        }
        AssertPassedBut(report, "sdpa_padding_mask", "sdpa_causal_float32");
        Assert.Equal(80, report.Score);
    }
}
