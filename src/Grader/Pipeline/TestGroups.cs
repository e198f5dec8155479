using System.Text.Json.Nodes;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;

namespace Course.Grader.Pipeline;

/// <summary>
/// Which tests share a sandbox. A submission can read every input in its sandbox and print it into a visible test's
/// feedback, so hidden and after-due tests run in a start of their own, with only their inputs, apart from the visible
/// ones. The cost is a second container start (measured in bench/a01-grade.sh).
/// </summary>
public static class TestGroups
{
    public static IReadOnlyList<(string Name, IReadOnlyList<TestSpec> Tests)> Of(AssignmentManifest manifest, bool separateHidden)
    {
        var visible = manifest.Tests.Where(t => t.Visibility == Visibility.Visible).ToList();
        var others = manifest.Tests.Where(t => t.Visibility != Visibility.Visible).ToList();
        return !separateHidden || visible.Count == 0 || others.Count == 0
            ? [("all tests", manifest.Tests)]
            : [("visible tests", visible), ("hidden and after-due tests", others)];
    }

    /// <summary>The calls of the named tests only.</summary>
    public static byte[] Calls(byte[] calls, IReadOnlyCollection<string> tests)
    {
        var all = JsonNode.Parse(calls)?.AsArray() ?? throw new FormatException("calls.json is not a JSON array");
        var kept = new JsonArray([.. all.Where(c => tests.Contains(c?["name"]?.GetValue<string>() ?? "")).Select(c => c!.DeepClone())]);
        return System.Text.Encoding.UTF8.GetBytes(kept.ToJsonString());
    }

    /// <summary>The inputs of the named tests only (each input is stored as "test/name").</summary>
    public static byte[] Inputs(byte[] inputs, IReadOnlyCollection<string> tests)
    {
        var file = SafeTensors.Read(inputs, SafeTensorsLimits.Trusted);
        var kept = file.Tensors.Where(t => tests.Contains(t.Key.Split('/')[0])).ToDictionary();
        return SafeTensors.Write(kept, file.Metadata);
    }
}
