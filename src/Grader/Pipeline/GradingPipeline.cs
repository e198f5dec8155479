using Course.Contracts.Archive;
using System.Diagnostics;
using System.Text.Json;
using Course.Grader.Golden;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.Options;

namespace Course.Grader.Pipeline;

/// <summary>
/// The four stages of grading one submission: golden (trusted), sandbox (untrusted), compare and
/// score (trusted). Throws <see cref="SubmissionRejectedException"/> for an upload that cannot be
/// graded and <see cref="GradingInfrastructureException"/> when the grader itself fails.
/// </summary>
public sealed class GradingPipeline(GoldenStore goldens, SandboxRunner sandbox, IOptions<GraderOptions> options)
{
    public async Task<GradeReport> GradeAsync(LoadedAssignment assignment, SubmissionUpload upload, CancellationToken ct = default)
    {
        var manifest = assignment.Manifest;
        var total = Stopwatch.StartNew();
        var stages = new Dictionary<string, double>();
        var kind = SubmissionInspector.Inspect(upload, manifest.Submission);

        var watch = Stopwatch.StartNew();
        var golden = await goldens.GetAsync(assignment, manifest.Seed, ct);
        stages["golden"] = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var secret = ResultFrame.NewSecret();
        var result = await sandbox.RunAsync(SandboxJob(assignment, upload, kind, golden, secret), ct);
        stages["sandbox"] = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var (report, outputs, harnessProblem) = ReadHarnessResult(result, secret);
        var calls = CallInfo.Parse(golden.Calls).ToDictionary(c => c.Name);
        var tests = manifest.Tests
            .Select(t => harnessProblem is not null
                ? new TestResult(t.Name, TestOutcome.Failed, 0, t.Points, harnessProblem, t.Visibility)
                : Scorer.ScoreTest(t, report?.Tests.GetValueOrDefault(t.Name), calls[t.Name], golden.Expected, outputs))
            .ToList();
        stages["compare_and_score"] = watch.Elapsed.TotalSeconds;

        var score = tests.Sum(t => t.Score);
        var passed = tests.Count(t => t.Passed);
        var summary = harnessProblem ?? $"{passed} of {tests.Count} tests passed.";
        var log = new SandboxLog(report?.LogText("stdout") ?? "", report?.LogText("stderr") ?? "",
            result.Stderr.Text, result.Describe(), result.ExitCode, result.TimedOut, result.OomKilled, report?.MemoryPeakBytes);
        var provenance = new Provenance(assignment.Id, assignment.ManifestHash, result.ImageId, golden.ReferenceImageId,
            golden.ReferenceVersion, golden.Seed, golden.Key,
            manifest.Tests.ToDictionary(t => t.Name, t => $"rtol={t.Rtol:G3} atol={t.Atol:G3}"), stages);
        return new GradeReport(score, manifest.Points, summary, tests, log, provenance, total.Elapsed.TotalSeconds);
    }

    SandboxRequest SandboxJob(LoadedAssignment assignment, SubmissionUpload upload, string kind, Golden.Golden golden, string secret)
    {
        var spec = assignment.Manifest.Sandbox;
        var limits = HarnessLimits.Default;
        var job = new
        {
            module = assignment.Manifest.Submission.Module,
            submission_file = "upload." + kind, // the student's file name never reaches a path
            submission_kind = kind,
            test_timeout_s = spec.TestTimeoutS,
            run_deadline_s = HarnessLimits.RunDeadline(spec.TimeoutS),
            limits = new { zip_entries = limits.ZipEntries, zip_bytes = limits.ZipBytes, result_bytes = limits.ResultBytes, log_bytes = limits.LogBytes },
            result_header = ResultFrame.Header(secret),
        };
        var useGpu = spec.Gpu switch
        {
            GpuMode.Required when options.Value.Gpus == 0 => throw new GradingInfrastructureException(
                $"{assignment.Id} needs a GPU and this worker has none"),
            GpuMode.Required => true,
            GpuMode.Optional => options.Value.Gpus > 0,
            _ => false,
        };
        return new SandboxRequest(spec.Image, spec,
        [
            new SandboxFile("job.json", JsonSerializer.SerializeToUtf8Bytes(job)),
            new SandboxFile("calls.json", golden.Calls),
            new SandboxFile("inputs.safetensors", golden.Inputs),
            new SandboxFile($"submission/upload.{kind}", upload.Content),
        ])
        { UseGpu = useGpu, Label = $"grade {assignment.Id}" };
    }

    /// <returns>The harness's report and outputs, or a problem that fails every test (the student's code took the harness down).</returns>
    static (HarnessReport? Report, Dictionary<string, TensorData> Outputs, string? Problem) ReadHarnessResult(SandboxResult result, string secret)
    {
        var outputs = new Dictionary<string, TensorData>();
        var payload = ResultFrame.Find(result.Stdout.Bytes, secret);
        if (payload is null)
        {
            var why = result.TimedOut ? "the submission ran past the sandbox's time limit"
                : result.OomKilled ? "the submission used more memory than the sandbox allows"
                : $"the sandbox {result.Describe()} without a result (the submission may have killed the grading harness)";
            return (null, outputs, $"Not graded: {why}. Every test scores 0.");
        }
        Dictionary<string, byte[]> files;
        HarnessReport report;
        try
        {
            files = TarArchive.Unpack(payload, HarnessLimits.Default.ResultBytes);
            report = JsonSerializer.Deserialize<HarnessReport>(files["status.json"], HarnessReport.Json)
                ?? throw new InvalidDataException("empty status.json");
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or KeyNotFoundException)
        {
            return (null, outputs, $"Not graded: the sandbox's result was unreadable ({e.Message}). Every test scores 0.");
        }
        foreach (var (name, bytes) in files.Where(f => f.Key.StartsWith("outputs/")))
        {
            try
            {
                foreach (var (key, tensor) in SafeTensors.Read(bytes).Tensors) outputs[key] = tensor;
            }
            catch (FormatException e)
            {
                var test = Path.GetFileNameWithoutExtension(name);
                report.Tests[test] = new HarnessStatus("error", $"the outputs could not be read: {e.Message}");
            }
        }
        return (report, outputs, null);
    }
}
