using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Grader.Sandbox;
using Course.Grader.Score;

namespace Course.Grader.Pipeline;

/// <summary>
/// What the harness sent back, read as hostile input (the student's code ran beside the harness and can write its
/// outputs and forge its events): the report, the outputs of the tests it reports ok, or a problem that fails every
/// test. Reading never throws: a test whose outputs cannot be read becomes that test's error, and the others are graded.
/// </summary>
public sealed record HarnessResult(HarnessReport? Report, IReadOnlyDictionary<string, TensorData> Outputs, string? Problem)
{
    /// <summary>The most one file in the result archive may hold: the cap the harness keeps all outputs under.</summary>
    public static long MaxFileBytes => HarnessLimits.Default.ResultBytes;

    /// <param name="secret">The job's result secret: only a frame that opens with it is the harness's.</param>
    public static HarnessResult Read(SandboxResult result, string secret, IReadOnlyCollection<string> tests)
    {
        var payload = ResultFrame.Find(result.Stdout.Bytes, secret);
        if (payload is null)
        {
            var why = result.TimedOut ? "the submission ran past the sandbox's time limit"
                : result.OomKilled ? "the submission used more memory than the sandbox allows"
                : $"the sandbox {result.Describe()} without a result (the submission may have killed the grading harness)";
            return Failed($"Not graded: {why}. Every test scores 0.");
        }
        Dictionary<string, byte[]> files;
        HarnessReport report;
        try
        {
            files = TarArchive.Unpack(payload, MaxFileBytes);
            report = HarnessReport.Parse(
                files.TryGetValue("status.json", out var status) ? status : throw new InvalidDataException("it holds no status.json"),
                tests);
        }
        catch (InvalidDataException e)
        {
            return Failed($"Not graded: the sandbox's result was unreadable ({SandboxText.Clean(e.Message, 500)}). Every test scores 0.");
        }

        var statuses = new Dictionary<string, HarnessStatus>(report.Tests, StringComparer.Ordinal);
        var outputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (test, status) in report.Tests.Where(t => t.Value.Status == "ok"))
        {
            if (!files.TryGetValue($"outputs/{test}.safetensors", out var bytes)) continue; // compared as "nothing was returned"
            try
            {
                // A test's file speaks only for that test: tensors named for another test are left out.
                foreach (var (key, tensor) in SafeTensors.Read(bytes, SafeTensorsLimits.Untrusted).Tensors)
                    if (key.StartsWith(test + "/", StringComparison.Ordinal)) outputs[key] = tensor;
            }
            catch (InvalidSafeTensorsException e)
            {
                statuses[test] = status with
                {
                    Status = "error",
                    Message = SandboxText.Clean($"the outputs could not be read: {e.Message}", SandboxText.MaxMessageChars),
                    Traceback = "",
                };
            }
        }
        return new HarnessResult(report with { Tests = statuses }, outputs, null);
    }

    static HarnessResult Failed(string problem) => new(null, new Dictionary<string, TensorData>(), problem);
}
