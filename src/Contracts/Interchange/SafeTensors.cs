using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Contracts.Interchange;

/// <summary>
/// Reader and writer for the safetensors format: an 8-byte little-endian header length, a JSON
/// header of name → {dtype, shape, data_offsets} (plus an optional "__metadata__" string map),
/// then the raw little-endian bytes. Written by hand because no maintained .NET package reads it
/// without pulling in a tensor library; the format is small and fully specified.
/// </summary>
public static class SafeTensors
{
    public const long MaxHeaderBytes = 100 * 1024 * 1024;

    public static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new FormatException($"unknown safetensors dtype '{dtype}'"),
    };

    public static SafeTensorsFile Read(string path) => Read(File.ReadAllBytes(path));

    public static SafeTensorsFile Read(byte[] bytes)
    {
        if (bytes.Length < 8)
            throw new FormatException("not a safetensors file: shorter than its 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw new FormatException($"not a safetensors file: header length {headerLength} does not fit in {bytes.Length} bytes");

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw new FormatException("safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"safetensors header is not valid JSON: {e.Message}", e);
        }

        var dataStart = 8 + (long)headerLength;
        var dataLength = bytes.Length - dataStart;
        var tensors = new SortedDictionary<string, TensorData>(StringComparer.Ordinal);
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node?.AsObject() ?? [])
                    metadata[k] = v?.GetValue<string>() ?? "";
                continue;
            }
            var entry = node as JsonObject ?? throw new FormatException($"tensor '{name}': entry is not an object");
            var dtype = entry["dtype"]?.GetValue<string>() ?? throw new FormatException($"tensor '{name}': no dtype");
            var shape = entry["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray()
                ?? throw new FormatException($"tensor '{name}': no shape");
            var offsets = entry["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                throw new FormatException($"tensor '{name}': data offsets are outside the file");
            if (shape.Any(d => d < 0))
                throw new FormatException($"tensor '{name}': negative dimension");
            var expected = shape.Aggregate(1L, (n, d) => checked(n * d)) * ElementSize(dtype);
            if (expected != offsets[1] - offsets[0])
                throw new FormatException($"tensor '{name}': {offsets[1] - offsets[0]} bytes for shape ({string.Join(", ", shape)}) of {dtype}");
            tensors[name] = new TensorData(dtype, shape, bytes.AsSpan((int)(dataStart + offsets[0]), (int)expected).ToArray());
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    public static void Write(string path, IReadOnlyDictionary<string, TensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        File.WriteAllBytes(path, Write(tensors, metadata));

    /// <summary>Writes tensors in name order, so the same tensors always give the same bytes.</summary>
    public static byte[] Write(IReadOnlyDictionary<string, TensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        long offset = 0;
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, t) in ordered)
        {
            if (t.Data.LongLength != t.ElementCount * ElementSize(t.DType))
                throw new ArgumentException($"tensor '{name}': {t.Data.Length} bytes do not match shape {t.ShapeText} of {t.DType}");
            header[name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + t.Data.LongLength),
            };
            offset += t.Data.LongLength;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // The data must start 8-byte aligned; the spec pads the header with spaces.
        var padded = (json.Length + 7) / 8 * 8;
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, t) in ordered) stream.Write(t.Data);
        return stream.ToArray();
    }
}
