using System.Text.Json.Nodes;

namespace Course.Reference.Goldens;

/// <summary>
/// How the harness calls one test's entry point: positional arguments, the names of what it returns, and the
/// names of the intermediate stages a student may return besides, in the model's order (empty when none).
/// </summary>
public sealed record GoldenCall(string Name, string Entry, List<GoldenArg> Args, List<string> Outputs, List<string> Stages);

/// <summary>One argument: a tensor from inputs.safetensors, a dict of them, or a plain JSON value.</summary>
public sealed record GoldenArg(string Name, string? Tensor = null, Dictionary<string, string>? Dict = null, JsonNode? Value = null);
