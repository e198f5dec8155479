using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Course.Grader.Sandbox;
using Course.Grader.Score;

namespace Course.Grader.Pipeline;

/// <summary>
/// The harness's status.json: a status per test, the student's captured output, and the container's peak memory.
/// The harness writes it, but from events the student's process sends, so every field is read as hostile input.
/// </summary>
public sealed record HarnessReport(IReadOnlyDictionary<string, HarnessStatus> Tests, string Stdout, string Stderr, long? MemoryPeakBytes = null)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    static readonly string[] Statuses = ["ok", "error", "timeout", "crashed"];

    /// <summary>
    /// Reads status.json for the given tests, field by field: a field of the wrong type takes its default (no message,
    /// no time, no log), an unknown status becomes "error", and all text is cleaned and capped by <see cref="SandboxText"/>.
    /// Throws <see cref="InvalidDataException"/>, and nothing else, when it is not a JSON object at all.
    /// </summary>
    public static HarnessReport Parse(byte[] json, IEnumerable<string> tests)
    {
        using var document = ParseDocument(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException("status.json is not a JSON object");

        var wanted = tests.ToHashSet(StringComparer.Ordinal);
        var statuses = new Dictionary<string, HarnessStatus>(StringComparer.Ordinal);
        if (Field(root, "tests") is { ValueKind: JsonValueKind.Object } reported)
            foreach (var test in reported.EnumerateObject())
                // Only the manifest's tests, the first entry of each: a forged report cannot add or replace any.
                if (NameOf(test) is { } name && wanted.Contains(name) && !statuses.ContainsKey(name))
                    statuses[name] = Status(test.Value);

        var logs = Field(root, "logs");
        var peak = Field(root, "memory_peak_bytes") is { ValueKind: JsonValueKind.Number } p && p.TryGetInt64(out var bytes) && bytes >= 0
            ? bytes : (long?)null;
        return new HarnessReport(statuses, Log(logs, "stdout"), Log(logs, "stderr"), peak);
    }

    static HarnessStatus Status(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
            return new HarnessStatus("error", "the harness's report of this test is unreadable");
        var status = Text(Field(node, "status"));
        var message = SandboxText.Clean(Text(Field(node, "message")), SandboxText.MaxMessageChars);
        var traceback = SandboxText.Clean(Text(Field(node, "traceback")), SandboxText.MaxTracebackChars);
        var seconds = Field(node, "seconds") is { ValueKind: JsonValueKind.Number } s && s.TryGetDouble(out var v) && double.IsFinite(v) && v >= 0
            ? v : (double?)null;
        if (status is null || !Statuses.Contains(status))
            return new HarnessStatus("error", message.Length > 0 ? message : "the test ended without a known status", traceback, seconds);
        // Only an error can be an import's: a flag on a test that passed would hide a result.
        var importFailed = status == "error" && Field(node, "import_failed") is { ValueKind: JsonValueKind.True };
        return new HarnessStatus(status, message, traceback, seconds, importFailed);
    }

    /// <summary>One of the student's streams, as the harness kept it (its first MiB), with a note when it was cut there.</summary>
    static string Log(JsonElement? logs, string stream)
    {
        if (logs is not { ValueKind: JsonValueKind.Object } || Field(logs.Value, stream) is not { ValueKind: JsonValueKind.Object } log)
            return "";
        var text = Text(Field(log, "text")) ?? "";
        var total = Field(log, "total_bytes") is { ValueKind: JsonValueKind.Number } t && t.TryGetInt64(out var n) && n >= 0 ? n : 0;
        var truncated = Field(log, "truncated") is { ValueKind: JsonValueKind.True };
        return SandboxText.Clean(text, SandboxText.MaxLogChars)
            + (truncated ? CapturedOutput.CutNote(Encoding.UTF8.GetByteCount(text), total) : "");
    }

    /// <summary>The first property with this name, or null; names that cannot be decoded are skipped.</summary>
    static JsonElement? Field(JsonElement node, string name)
    {
        foreach (var property in node.EnumerateObject())
            if (NameOf(property) == name) return property.Value;
        return null;
    }

    static string? NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException) // invalid UTF-8 or a lone surrogate escape, found only when the name is decoded
        {
            return null;
        }
    }

    /// <summary>
    /// A string's value; null for any other kind. A string that cannot be decoded (invalid UTF-8, or a lone surrogate
    /// such as "\udc80", which Python writes for a str holding one) is kept as written, escapes and all.
    /// </summary>
    static string? Text(JsonElement? node)
    {
        if (node is not { ValueKind: JsonValueKind.String } s) return null;
        try
        {
            return s.GetString();
        }
        catch (InvalidOperationException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(s); // with its quotes
            return Encoding.UTF8.GetString(raw[1..^1]);
        }
    }

    static JsonDocument ParseDocument(byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // Python's json.dumps writes NaN and Infinity, which JSON has no word for: a forged "seconds": NaN would
            // otherwise make the whole report unreadable. They become -1, which every numeric field refuses.
            if (WithoutPythonFloats(json) is { } fixedUp)
            {
                try
                {
                    return JsonDocument.Parse(fixedUp);
                }
                catch (JsonException)
                {
                }
            }
            throw new InvalidDataException($"status.json is not valid JSON ({e.Message})", e);
        }
    }

    static readonly byte[][] PythonFloats = ["-Infinity"u8.ToArray(), "Infinity"u8.ToArray(), "NaN"u8.ToArray()];

    /// <summary>A copy with NaN, Infinity and -Infinity outside strings written as -1 (padded with spaces), or null when there are none.</summary>
    static byte[]? WithoutPythonFloats(byte[] json)
    {
        byte[]? copy = null;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == '\\') i++;
                else if (b == '"') inString = false;
                continue;
            }
            if (b == '"')
            {
                inString = true;
                continue;
            }
            foreach (var literal in PythonFloats)
            {
                if (!json.AsSpan(i).StartsWith(literal)) continue;
                copy ??= (byte[])json.Clone();
                copy.AsSpan(i, literal.Length).Fill((byte)' ');
                "-1"u8.CopyTo(copy.AsSpan(i));
                i += literal.Length - 1;
                break;
            }
        }
        return copy;
    }
}
