using Course.Contracts.Interchange;
using Course.Contracts.Archive;
using System.Diagnostics;
using System.Text.Json;
using Course.Grader.Golden;
using Course.Grader.Gpu;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.Options;

namespace Course.Grader.Pipeline;

/// <summary>
/// The four stages of grading one submission: golden (trusted), sandbox (untrusted), compare and
/// score (trusted). A project graded on predictions runs none of them: its evaluation stage, trusted too, scores the
/// predictions file on the host (<see cref="Evaluation.ProjectEvaluator"/>). Throws <see cref="SubmissionRejectedException"/> for an upload that cannot be
/// graded and <see cref="GradingInfrastructureException"/> when the grader itself fails.
/// </summary>
public sealed class GradingPipeline(GoldenStore goldens, SandboxRunner sandbox, MutantOutputs mutantOutputs, IOptions<GraderOptions> options,
    Evaluation.ProjectEvaluator? projects = null, GpuPool? gpus = null)
{
    readonly Evaluation.ProjectEvaluator projects = projects ?? new(new Evaluation.ProjectData(options));
    readonly GpuPool gpus = gpus ?? new(options);

    /// <summary>Grades outside a worker (<c>./course grade</c>, <c>check</c>): leases a GPU here when the assignment can use one.</summary>
    public async Task<GradeReport> GradeAsync(LoadedAssignment assignment, SubmissionUpload upload, CancellationToken ct = default)
    {
        using var gpu = assignment.Manifest.Sandbox.Gpu == GpuMode.None ? null : gpus.TryLease();
        return await GradeAsync(assignment, upload, gpu, ct);
    }

    /// <param name="gpu">The GPU the worker leased for this job, if any (see <see cref="GpuPlacement"/>).</param>
    public async Task<GradeReport> GradeAsync(LoadedAssignment assignment, SubmissionUpload upload, GpuLease? gpu, CancellationToken ct)
    {
        var manifest = assignment.Manifest;
        if (manifest.GradesPredictions)
            return projects.Grade(assignment, upload);
        var device = GpuPlacement.DeviceFor(manifest.Sandbox.Gpu, gpu, assignment.Id);
        var total = Stopwatch.StartNew();
        var stages = new Dictionary<string, double>();
        var kind = SubmissionInspector.Inspect(upload, manifest.Submission);

        var watch = Stopwatch.StartNew();
        var golden = await goldens.GetAsync(assignment, manifest.Seed, ct);
        stages["golden"] = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var runs = await RunAsync(assignment, upload, kind, golden, TestGroups.Of(manifest, options.Value.SeparateHiddenTests), device, ct);
        stages["sandbox"] = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var calls = CallInfo.Parse(golden.Calls).ToDictionary(c => c.Name);
        var runOf = runs.SelectMany(r => r.Tests.Select(t => (t.Name, Run: r))).ToDictionary(x => x.Name, x => x.Run);
        // The first run's import failure (the visible tests', when they ran apart): every run imports the same file.
        var importFailure = runs.Select(r => r.Harness.Problem is null ? r.Harness.Report : null)
            .SelectMany(r => r?.Tests.Values.Where(s => s.ImportFailed) ?? [])
            .Select(ImportFailure.Of).FirstOrDefault();
        var scored = manifest.Tests.Select(t =>
            {
                var harness = runOf[t.Name].Harness;
                var status = harness.Report?.Tests.GetValueOrDefault(t.Name);
                return harness.Problem is not null
                    ? new TestResult(t.Name, TestOutcome.Failed, 0, t.Points, harness.Problem, t.Visibility)
                    : status is { ImportFailed: true }
                        ? new TestResult(t.Name, TestOutcome.Failed, 0, t.Points, ImportFailure.NotRun, t.Visibility)
                        : Scorer.ScoreTest(t, status, calls[t.Name], golden.Expected, harness.Outputs);
            })
            .ToList();
        // Feedback quotes the sandbox (messages, tracebacks, shapes it declared): capped per test and for the whole report.
        var tests = scored.Zip(SandboxText.CleanFeedback(scored.Select(t => t.Output)), (t, output) => t with { Output = output }).ToList();
        stages["compare_and_score"] = watch.Elapsed.TotalSeconds;

        KnownMistake? mistake = null;
        if (options.Value.MistakeHints && importFailure is null && manifest.Mutants.Count > 0 && tests.Any(t => !t.Passed && t.Visibility == Visibility.Visible))
        {
            watch.Restart();
            var actual = runs.SelectMany(r => r.Harness.Outputs).ToDictionary();
            mistake = MistakeMatcher.Match(manifest, tests, calls, actual, await KnownMistakeOutputsAsync(assignment, golden, device, ct));
            stages["known_mistakes"] = watch.Elapsed.TotalSeconds;
        }

        var score = tests.Sum(t => t.Score);
        var passed = tests.Count(t => t.Passed);
        // The summary is the student's: only the first run's trouble (the visible tests', when they ran apart) shows there.
        var summary = runs[0].Harness.Problem ?? (importFailure is not null ? ImportFailure.Summary : $"{passed} of {tests.Count} tests passed.");
        var log = LogOf(runs);
        var first = runs[0].Result;
        var provenance = new Provenance(assignment.Id, assignment.ManifestHash, first.ImageId, golden.ReferenceImageId,
            golden.ReferenceVersion, golden.Seed, golden.Key,
            manifest.Tests.ToDictionary(t => t.Name, t => $"rtol={t.Rtol:G3} atol={t.Atol:G3}"), stages);
        return new GradeReport(score, manifest.AutogradedPoints, summary, tests, log, provenance, total.Elapsed.TotalSeconds) { Mistake = mistake, ImportFailure = importFailure };
    }

    /// <summary>
    /// The sandbox starts a grade of <paramref name="upload"/> makes, exactly as they would go to Docker: the grader
    /// benchmark replays them with a bare <c>docker run</c> to measure what the pipeline adds. On the CPU: a bare run gets no GPU.
    /// </summary>
    public async Task<IReadOnlyList<SandboxRequest>> SandboxRequestsAsync(LoadedAssignment assignment, SubmissionUpload upload, CancellationToken ct = default)
    {
        var kind = SubmissionInspector.Inspect(upload, assignment.Manifest.Submission);
        var golden = await goldens.GetAsync(assignment, assignment.Manifest.Seed, ct);
        return TestGroups.Of(assignment.Manifest, options.Value.SeparateHiddenTests)
            .Select(g => SandboxJob(assignment, upload, kind, golden, ResultFrame.NewSecret(), g.Tests.Select(t => t.Name).ToList(), device: null))
            .ToList();
    }

    /// <summary>Each test group in a sandbox start of its own, with only its calls and inputs.</summary>
    async Task<List<SandboxRun>> RunAsync(LoadedAssignment assignment, SubmissionUpload upload, string kind, Golden.Golden golden,
        IEnumerable<(string Name, IReadOnlyList<TestSpec> Tests)> groups, string? device, CancellationToken ct)
    {
        var runs = new List<SandboxRun>();
        foreach (var (name, group) in groups)
        {
            var secret = ResultFrame.NewSecret();
            var names = group.Select(t => t.Name).ToList();
            var result = await sandbox.RunAsync(SandboxJob(assignment, upload, kind, golden, secret, names, device), ct);
            runs.Add(new SandboxRun(name, group, result, HarnessResult.Read(result, secret, names)));
        }
        return runs;
    }

    /// <summary>
    /// Every mutant's outputs on the golden inputs (the solution with the mutant's patch, run once in the sandbox with
    /// every test, and kept beside the goldens). A mutant whose patch no longer applies has none; ./course check says so.
    /// </summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, TensorData>>> KnownMistakeOutputsAsync(
        LoadedAssignment assignment, Golden.Golden golden, string? device, CancellationToken ct)
    {
        var known = new Dictionary<string, IReadOnlyDictionary<string, TensorData>>();
        foreach (var mutant in assignment.Manifest.Mutants)
        {
            string source;
            try { source = Authoring.MutantSource.Text(assignment, mutant); }
            catch (Exception e) when (e is Authoring.PatchException or IOException) { continue; }
            known[mutant.Name] = await mutantOutputs.GetAsync(golden, mutant.Name, source, async () =>
            {
                var upload = new SubmissionUpload(Path.GetFileName(assignment.Manifest.Solution), System.Text.Encoding.UTF8.GetBytes(source));
                var runs = await RunAsync(assignment, upload, "py", golden, [("all tests", assignment.Manifest.Tests)], device, ct);
                return runs[0].Harness.Outputs;
            }, ct);
        }
        return known;
    }

    /// <summary>What the TA reads: each run's output under its name when the tests ran in more than one.</summary>
    static SandboxLog LogOf(IReadOnlyList<SandboxRun> runs)
    {
        // Each run's streams are already capped (the first MiB, with a note of what was cut).
        string Join(Func<SandboxRun, string> text) => runs.Count == 1
            ? text(runs[0])
            : string.Join("\n", runs.Select(r => $"── {r.Name} ──\n{text(r)}"));
        return new SandboxLog(
            Join(r => r.Harness.Report?.Stdout ?? ""),
            Join(r => r.Harness.Report?.Stderr ?? ""),
            Join(r => SandboxText.Clean(r.Result.Stderr.Text, SandboxText.MaxLogChars)),
            runs.Count == 1 ? runs[0].Result.Describe() : string.Join("; ", runs.Select(r => $"{r.Name}: {r.Result.Describe()}")),
            runs.Select(r => r.Result.ExitCode).FirstOrDefault(c => c is not 0, runs[0].Result.ExitCode),
            runs.Any(r => r.Result.TimedOut),
            runs.Any(r => r.Result.OomKilled),
            runs.Max(r => r.Harness.Report?.MemoryPeakBytes));
    }

    SandboxRequest SandboxJob(LoadedAssignment assignment, SubmissionUpload upload, string kind, Golden.Golden golden, string secret,
        IReadOnlyCollection<string> tests, string? device)
    {
        var spec = assignment.Manifest.Sandbox;
        var limits = HarnessLimits.Default;
        var job = new
        {
            module = assignment.Manifest.Submission.Module,
            submission_file = "upload." + kind, // the student's file name never reaches a path
            submission_kind = kind,
            test_timeout_s = spec.TestTimeoutS,
            import_timeout_s = spec.ImportTimeoutS,
            run_deadline_s = HarnessLimits.RunDeadline(spec.TimeoutS),
            limits = new { zip_entries = limits.ZipEntries, zip_bytes = limits.ZipBytes, result_bytes = limits.ResultBytes, log_bytes = limits.LogBytes },
            result_header = ResultFrame.Header(secret),
        };
        return new SandboxRequest(spec.Image, spec,
        [
            new SandboxFile("job.json", JsonSerializer.SerializeToUtf8Bytes(job)),
            new SandboxFile("calls.json", TestGroups.Calls(golden.Calls, tests)),
            new SandboxFile("inputs.safetensors", TestGroups.Inputs(golden.Inputs, tests)),
            new SandboxFile($"submission/upload.{kind}", upload.Content),
        ])
        { GpuDevice = device, Label = $"grade {assignment.Id}" };
    }
}
