using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Course.Grader.Submissions;
using CsvHelper;

namespace Course.Grader.Evaluation;

/// <summary>
/// Reads a predictions file, <c>id,label</c> with one line per test sentence, refusing anything else with a message
/// that names the first bad line, so the student can fix it and lose no attempt. The rules, as the statement gives
/// them: UTF-8 (a UTF-8 byte order mark, as Excel writes, is tolerated and ignored; UTF-16 and latin-1 are refused);
/// commas between fields; the header <c>id,label</c> first; LF or CRLF line endings; spaces around a field are
/// ignored; every id of test.csv exactly once and no other; labels spelled as the dataset spells them.
/// </summary>
public static class PredictionsCsv
{
    static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    static readonly CsvReaderOptions Options = new()
    {
        Separator = ',', HasHeader = false, TrackLineNumbers = true, SkipEmptyLines = false, TrimWhitespace = true,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    /// <summary>The predicted label of each id.</summary>
    public static IReadOnlyDictionary<string, string> Read(byte[] bytes, string name, IReadOnlyList<string> ids, IReadOnlyList<string> classes)
    {
        if (bytes.Length == 0) throw Bad(name, "is empty: write the header line id,label and then one line per test sentence");
        if (bytes.AsSpan().StartsWith(Utf8Bom)) bytes = bytes[Utf8Bom.Length..];
        if (bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]))
            throw Bad(name, "is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8");
        CheckUtf8(bytes, name);
        if (bytes.AsSpan().TrimEnd("\r\n"u8).Length == 0) throw Bad(name, "holds no lines: write the header line id,label and then one line per test sentence");

        var known = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        using var reader = CsvReader.Create(bytes, Options);
        var header = true;
        while (Next(reader, name))
        {
            var line = reader.LineNumber;
            var fields = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            var raw = lines[(int)line - 1].TrimEnd('\r');
            if (fields is [""])
            {
                // The last line may end with a newline; an empty line anywhere else is a mistake worth naming.
                throw Bad(name, $"line {line} is empty: remove it");
            }
            if (fields.Length != 2)
                throw Bad(name, fields.Length == 1 && Separator(raw) is { } other
                    ? $"line {line} separates its fields with {other}: use commas (id,label)"
                    : $"line {line} has {fields.Length} fields, `{Quote(raw)}`: each line is id,label");
            if (header)
            {
                header = false;
                if (fields[0] != "id" || fields[1] != "label")
                    throw Bad(name, $"line 1 must be the header id,label, not `{Quote(raw)}`");
                continue;
            }
            var (id, label) = (fields[0], fields[1]);
            if (!known.ContainsKey(id))
                throw Bad(name, $"line {line}: `{Quote(id)}` is not an id of test.csv");
            if (lineOf.TryGetValue(id, out var first))
                throw Bad(name, $"line {line}: {id} is predicted twice (first on line {first})");
            if (!classes.Contains(label))
                throw Bad(name, $"line {line}: `{Quote(label)}` for {id} is not a label; use {string.Join(", ", classes)}" +
                                (int.TryParse(label, out var n) && n >= 0 && n < classes.Count ? $" (label id {n} is {classes[n]})" : ""));
            predicted[id] = label;
            lineOf[id] = line;
        }
        if (header) throw Bad(name, "holds no lines: write the header line id,label and then one line per test sentence");
        var missing = ids.Where(id => !predicted.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            throw Bad(name, $"has no prediction for {missing.Count} of the {ids.Count} test sentences, the first being {missing[0]} " +
                            $"(line {known[missing[0]] + 2} of test.csv)");
        return predicted;
    }

    static bool Next(CsvReader reader, string name)
    {
        try { return reader.Read(); }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException)
        {
            throw Bad(name, $"cannot be read as CSV ({e.Message}): write plain id,label lines without quotes");
        }
    }

    /// <summary>Refuses bytes that are not UTF-8, naming the line and column of the first one.</summary>
    static void CheckUtf8(byte[] bytes, string name)
    {
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            if (Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false) == OperationStatus.Done) return;
            var line = bytes.AsSpan(0, read).Count((byte)'\n') + 1;
            var column = read - (bytes.AsSpan(0, read).LastIndexOf((byte)'\n') + 1) + 1;
            throw Bad(name, $"line {line} is not UTF-8 (byte 0x{bytes[read]:X2} at byte {column} of the line, as latin-1 or Windows-1252 " +
                            "would write an accented letter): save the file as UTF-8");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    static string? Separator(string line) =>
        line.Contains(';') ? "semicolons" : line.Contains('\t') ? "tabs" : line.Contains('|') ? "bars" : null;

    /// <summary>A field or line as the message quotes it: at most 40 characters, control characters shown as escapes.</summary>
    static string Quote(string text)
    {
        var shown = string.Concat(text.Take(40).Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
        return text.Length > 40 ? shown + "…" : shown;
    }

    static SubmissionRejectedException Bad(string name, string message) => new($"{name} {message}");
}
