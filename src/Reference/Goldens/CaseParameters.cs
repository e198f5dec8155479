using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>Typed access to a test's <c>case:</c> map, with errors that name the test and the key.</summary>
public sealed class CaseParameters(TestSpec test)
{
    public string Text(string key, string? fallback = null) =>
        test.Case.TryGetValue(key, out var v) ? v
        : fallback ?? throw new ArgumentException($"test '{test.Name}': case has no '{key}'");

    public long Int(string key, long? fallback = null) =>
        test.Case.TryGetValue(key, out var v) ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)
        : fallback ?? throw new ArgumentException($"test '{test.Name}': case has no '{key}'");

    public double Double(string key) => double.Parse(Text(key), System.Globalization.CultureInfo.InvariantCulture);

    public bool Flag(string key) => test.Case.TryGetValue(key, out var v) && v is "true" or "yes" or "1";

    /// <summary>Leading batch dimensions written as "2" or "2x3"; empty for "none".</summary>
    public long[] Dims(string key) =>
        Text(key, "none") == "none" ? [] : Text(key).Split('x').Select(long.Parse).ToArray();

    public ScalarType DType() => Text("dtype", "float64") switch
    {
        "float64" => ScalarType.Float64,
        "float32" => ScalarType.Float32,
        var other => throw new ArgumentException($"test '{test.Name}': dtype '{other}' is not float32 or float64"),
    };
}
