using System.Text.Json;
using Course.Grader.Sandbox;
using Course.Grader.Score;

namespace Course.Grader.Pipeline;

/// <summary>The harness's status.json: a status per test, the student's captured output, and the container's peak memory.</summary>
public sealed record HarnessReport(Dictionary<string, HarnessStatus> Tests, Dictionary<string, HarnessLog> Logs, long? MemoryPeakBytes = null)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string LogText(string stream) =>
        Logs.TryGetValue(stream, out var log)
            ? log.Text + (log.Truncated ? CapturedOutput.CutNote(System.Text.Encoding.UTF8.GetByteCount(log.Text), log.TotalBytes) : "")
            : "";
}

/// <summary>The first MiB of one of the student's streams, and how long it really was.</summary>
public sealed record HarnessLog(string Text, long TotalBytes, bool Truncated);
