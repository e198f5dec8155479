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
    public static int ElementSize(string dtype) =>
        TryElementSize(dtype) ?? throw new InvalidSafeTensorsException($"unknown safetensors dtype {Quote(dtype)}");

    static int? TryElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };

    public static SafeTensorsFile Read(string path, SafeTensorsLimits? limits = null) => Read(File.ReadAllBytes(path), limits);

    /// <summary>
    /// Reads a file, checking everything its header claims against the bytes present. Whatever the bytes (a student
    /// may have written every one), it returns the tensors or throws <see cref="InvalidSafeTensorsException"/>, never
    /// another exception, and copies no more than the file holds. Unless told otherwise, it applies the limits for
    /// untrusted files.
    /// </summary>
    public static SafeTensorsFile Read(byte[] bytes, SafeTensorsLimits? limits = null)
    {
        limits ??= SafeTensorsLimits.Untrusted;
        if (bytes.Length < 8)
            throw Invalid("not a safetensors file: shorter than its 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Invalid($"not a safetensors file: header length {headerLength} does not fit in {bytes.Length} bytes");
        if (headerLength > (ulong)limits.MaxHeaderBytes)
            throw Invalid($"the header is {headerLength:N0} bytes, over the {limits.MaxHeaderBytes:N0} accepted");
        var dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        using var header = ParseHeader(bytes.AsMemory(8, (int)headerLength));
        if (header.RootElement.ValueKind != JsonValueKind.Object)
            throw Invalid($"the header is {Kind(header.RootElement)}, not a JSON object");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in header.RootElement.EnumerateObject())
        {
            var name = NameOf(property);
            // A JSON object may repeat a name; which of the two would win differs between readers, so neither does.
            if (!names.Add(name))
                throw Invalid($"{Quote(name)} appears twice in the header");
            if (name == "__metadata__")
            {
                ReadMetadata(property.Value, metadata);
                continue;
            }
            if (entries.Count == limits.MaxTensors)
                throw Invalid($"more than {limits.MaxTensors} tensors");
            entries.Add(ReadEntry(name, property.Value, dataLength, limits));
        }

        // As in the reference implementation, the tensors' bytes, in offset order, follow each other with no gap or
        // overlap and end where the file does: no byte is copied twice, so 256 views of one large buffer cannot
        // become 256 copies of it.
        long position = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != position)
                throw Invalid($"tensor {Quote(e.Name)}: its bytes start at {e.Begin}, "
                    + (e.Begin < position ? $"inside another tensor's (which ends at {position})" : $"leaving a gap after {position}"));
            position = e.End;
        }
        if (position != dataLength)
            throw Invalid($"{dataLength - position} bytes after the last tensor");

        var tensors = new SortedDictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var e in entries)
            tensors[e.Name] = new TensorData(e.DType, e.Shape, bytes.AsSpan(dataStart + (int)e.Begin, (int)(e.End - e.Begin)).ToArray());
        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>One tensor's header entry, checked: a known dtype, its shape, and offsets inside the data.</summary>
    sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    static JsonDocument ParseHeader(ReadOnlyMemory<byte> json)
    {
        try
        {
            // A valid header nests three deep (header, entry, shape): deeper JSON is refused before it costs anything.
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw Invalid($"the header is not valid JSON: {e.Message}", e);
        }
    }

    static void ReadMetadata(JsonElement node, SortedDictionary<string, string> metadata)
    {
        if (node.ValueKind != JsonValueKind.Object)
            throw Invalid($"__metadata__ is {Kind(node)}, not an object of strings");
        foreach (var (key, value) in node.EnumerateObject().Select(p => (NameOf(p), p.Value)))
            if (!metadata.TryAdd(key, TextOf(value, $"__metadata__ {Quote(key)}")))
                throw Invalid($"__metadata__ {Quote(key)} appears twice");
    }

    static Entry ReadEntry(string name, JsonElement node, long dataLength, SafeTensorsLimits limits)
    {
        var what = $"tensor {Quote(name)}";
        if (node.ValueKind != JsonValueKind.Object)
            throw Invalid($"{what}: its entry is {Kind(node)}, not an object");
        JsonElement? dtypeNode = null, shapeNode = null, offsetsNode = null;
        foreach (var field in node.EnumerateObject())
        {
            // Other keys are ignored, as the reference implementation ignores them.
            switch (NameOf(field))
            {
                case "dtype": dtypeNode = Once(dtypeNode, field.Value, what, "dtype"); break;
                case "shape": shapeNode = Once(shapeNode, field.Value, what, "shape"); break;
                case "data_offsets": offsetsNode = Once(offsetsNode, field.Value, what, "data_offsets"); break;
            }
        }

        var dtype = TextOf(dtypeNode ?? throw Invalid($"{what}: no dtype"), $"{what}: dtype");
        var size = TryElementSize(dtype) ?? throw Invalid($"{what}: unknown dtype {Quote(dtype)}");

        var shapeArray = shapeNode ?? throw Invalid($"{what}: no shape");
        if (shapeArray.ValueKind != JsonValueKind.Array)
            throw Invalid($"{what}: shape is {Kind(shapeArray)}, not an array");
        if (shapeArray.GetArrayLength() > limits.MaxDimensions)
            throw Invalid($"{what}: {shapeArray.GetArrayLength():N0} dimensions, over the {limits.MaxDimensions} accepted");
        var shape = shapeArray.EnumerateArray().Select(d => Count(d, $"{what}: a dimension")).ToArray();

        var offsets = offsetsNode ?? throw Invalid($"{what}: no data_offsets");
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Invalid($"{what}: data_offsets is {Kind(offsets)}, not [begin, end]");
        var begin = Count(offsets[0], $"{what}: data_offsets' begin");
        var end = Count(offsets[1], $"{what}: data_offsets' end");
        if (end < begin || end > dataLength)
            throw Invalid($"{what}: data offsets [{begin}, {end}] are outside the file's {dataLength} bytes of data");

        var elements = ElementCount(shape, dataLength);
        if (elements < 0 || elements * size != end - begin)
            throw Invalid($"{what}: {end - begin} bytes for shape ({string.Join(", ", shape)}) of {dtype}");
        return new Entry(name, dtype, shape, begin, end);
    }

    static JsonElement Once(JsonElement? seen, JsonElement value, string what, string key) =>
        seen is null ? value : throw Invalid($"{what}: \"{key}\" appears twice");

    /// <summary>The product of the dimensions, or -1 when it exceeds <paramref name="bound"/> (it cannot fit in the file).</summary>
    static long ElementCount(long[] shape, long bound)
    {
        if (shape.Contains(0)) return 0;
        long n = 1;
        foreach (var d in shape)
        {
            if (n > bound / d) return -1;
            n *= d;
        }
        return n;
    }

    static long Count(JsonElement node, string what) =>
        node.ValueKind == JsonValueKind.Number && node.TryGetInt64(out var n) && n >= 0
            ? n
            : throw Invalid($"{what} is {Kind(node)}, not a non-negative integer");

    static string TextOf(JsonElement node, string what)
    {
        if (node.ValueKind != JsonValueKind.String)
            throw Invalid($"{what} is {Kind(node)}, not a string");
        try
        {
            return node.GetString()!;
        }
        catch (InvalidOperationException e) // invalid UTF-8 or a lone surrogate escape, found when the string is decoded
        {
            throw Invalid($"{what} is not valid text", e);
        }
    }

    static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw Invalid("a name in the header is not valid text", e);
        }
    }

    /// <summary>What a JSON value is, for an error message: its kind, or a number's first characters.</summary>
    static string Kind(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {node.GetArrayLength()}",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => Cut(node.GetRawText(), 24),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>A name from the file, quoted and cut short: the file may come from a student, and the message reaches feedback.</summary>
    static string Quote(string name) => "'" + Cut(name, 48) + "'";

    static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    static InvalidSafeTensorsException Invalid(string message, Exception? inner = null) => new(message, inner);

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
