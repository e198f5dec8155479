namespace Course.Contracts.Interchange;

/// <summary>
/// How tensors are named inside the safetensors files the reference, the harness and the grader exchange:
/// "test/name" for inputs and outputs, "test/stages/name" for a model's intermediate stages.
/// </summary>
public static class TensorKeys
{
    public static string Of(string test, string name) => $"{test}/{name}";

    public static string Stage(string test, string stage) => $"{test}/stages/{stage}";
}
