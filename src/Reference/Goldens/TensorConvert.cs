using System.Runtime.InteropServices;
using Course.Contracts.Interchange;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>Copies between TorchSharp tensors and the safetensors representation.</summary>
public static class TensorConvert
{
    public static TensorData ToData(Tensor t)
    {
        using var c = t.detach().cpu().contiguous();
        var shape = c.shape.ToArray();
        return c.dtype switch
        {
            ScalarType.Float64 => new("F64", shape, MemoryMarshal.AsBytes(c.data<double>().ToArray().AsSpan()).ToArray()),
            ScalarType.Float32 => new("F32", shape, MemoryMarshal.AsBytes(c.data<float>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int64 => new("I64", shape, MemoryMarshal.AsBytes(c.data<long>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int32 => new("I32", shape, MemoryMarshal.AsBytes(c.data<int>().ToArray().AsSpan()).ToArray()),
            ScalarType.Bool => new("BOOL", shape, c.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray()),
            _ => throw new NotSupportedException($"dtype {c.dtype} is not used in goldens"),
        };
    }

    /// <summary>Any stored tensor as a float64 TorchSharp tensor (the grader's working precision).</summary>
    public static Tensor ToFloat64(TensorData data) => tensor(data.ToDoubles(), data.Shape, ScalarType.Float64);
}
