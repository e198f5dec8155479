using System.Text.Json;

namespace Course.Grader.Pipeline;

/// <summary>
/// The part of the reference's calls.json the grader needs: which outputs each test returns, in order, and the
/// named intermediate stages a student may return too (for feedback only; they earn no points).
/// </summary>
public sealed record CallInfo(string Name, string Entry, List<string> Outputs, List<string>? Stages = null)
{
    public static IReadOnlyList<CallInfo> Parse(byte[] json) =>
        JsonSerializer.Deserialize<List<CallInfo>>(json, HarnessReport.Json) ?? [];
}
