using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Course.Contracts.Interchange;

/// <summary>One tensor as safetensors stores it: a dtype name, a shape and raw little-endian bytes.</summary>
public sealed record TensorData(string DType, long[] Shape, byte[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    public string ShapeText => "(" + string.Join(", ", Shape) + ")";

    public static TensorData FromDoubles(double[] values, params long[] shape) =>
        new("F64", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorData FromFloats(float[] values, params long[] shape) =>
        new("F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorData FromInt64s(long[] values, params long[] shape) =>
        new("I64", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>
    /// Every element widened to double, whatever the stored dtype (the comparer works in float64): every dtype the
    /// reader accepts, so a student's output in an unusual dtype is compared, not a crash.
    /// </summary>
    public double[] ToDoubles()
    {
        var n = checked((int)ElementCount);
        var result = new double[n];
        var size = SafeTensors.ElementSize(DType);
        var bytes = Data.AsSpan();
        for (var i = 0; i < n; i++)
        {
            var e = bytes.Slice(i * size, size);
            result[i] = DType switch
            {
                "F64" => BinaryPrimitives.ReadDoubleLittleEndian(e),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(e),
                "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(e),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(e) << 16),
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(e),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(e),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(e),
                "I8" => (sbyte)e[0],
                "U64" => BinaryPrimitives.ReadUInt64LittleEndian(e),
                "U32" => BinaryPrimitives.ReadUInt32LittleEndian(e),
                "U16" => BinaryPrimitives.ReadUInt16LittleEndian(e),
                "U8" => e[0],
                "BOOL" => e[0] != 0 ? 1 : 0,
                _ => throw new InvalidSafeTensorsException($"dtype {DType} cannot be read as numbers"),
            };
        }
        return result;
    }
}
