namespace Course.Contracts.Interchange;

/// <summary>The tensors and the string metadata of one safetensors file.</summary>
public sealed record SafeTensorsFile(
    IReadOnlyDictionary<string, TensorData> Tensors,
    IReadOnlyDictionary<string, string> Metadata);
