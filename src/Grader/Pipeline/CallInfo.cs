using System.Text.Json;

namespace Course.Grader.Pipeline;

/// <summary>The part of the reference's calls.json the grader needs: which outputs each test returns, in order.</summary>
public sealed record CallInfo(string Name, string Entry, List<string> Outputs)
{
    public static IReadOnlyList<CallInfo> Parse(byte[] json) =>
        JsonSerializer.Deserialize<List<CallInfo>>(json, HarnessReport.Json) ?? [];
}
