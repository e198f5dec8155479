using System.Text.Json.Nodes;

namespace Course.Reference.Goldens;

/// <summary>How the harness calls one test's entry point: positional arguments, then the names of what it returns.</summary>
public sealed record GoldenCall(string Name, string Entry, List<GoldenArg> Args, List<string> Outputs);

/// <summary>One argument: a tensor from inputs.safetensors, a dict of them, or a plain JSON value.</summary>
public sealed record GoldenArg(string Name, string? Tensor = null, Dictionary<string, string>? Dict = null, JsonNode? Value = null);
