using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Course.Portal.Reviews;

/// <summary>
/// Reads an nbformat-4 notebook for display (written by hand: no .NET library reads notebooks). Only text and PNG
/// outputs are kept; HTML and JavaScript outputs are never shown, since they would run in the reviewer's session.
/// </summary>
public static class NotebookReader
{
    const int MaxTextPerOutput = 20_000;

    /// <returns>The cells, or null when the file is not a notebook this can read.</returns>
    public static IReadOnlyList<NotebookCell>? Read(byte[] content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                return null;
            var result = new List<NotebookCell>();
            foreach (var cell in cells.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Object) continue;
                var type = cell.TryGetProperty("cell_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var source = Text(cell, "source");
                if (type == "markdown") result.Add(new NotebookCell(true, source, []));
                else if (type == "code") result.Add(new NotebookCell(false, source, Outputs(cell)));
                else if (type == "raw") result.Add(new NotebookCell(false, source, []));
            }
            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static List<NotebookOutput> Outputs(JsonElement cell)
    {
        var outputs = new List<NotebookOutput>();
        if (!cell.TryGetProperty("outputs", out var list) || list.ValueKind != JsonValueKind.Array) return outputs;
        foreach (var output in list.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object) continue;
            var kind = output.TryGetProperty("output_type", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            switch (kind)
            {
                case "stream":
                    outputs.Add(new NotebookOutput(Cap(Text(output, "text")), null));
                    break;
                case "error":
                    outputs.Add(new NotebookOutput(Cap($"{Text(output, "ename")}: {Text(output, "evalue")}"), null));
                    break;
                case "execute_result" or "display_data" when output.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object:
                    var png = Text(data, "image/png").Replace("\n", "");
                    if (png.Length > 0 && Base64.IsValid(png)) outputs.Add(new NotebookOutput(null, png));
                    else if (Text(data, "text/plain") is { Length: > 0 } plain) outputs.Add(new NotebookOutput(Cap(plain), null));
                    break;
            }
        }
        return outputs;
    }

    /// <summary>nbformat stores text as a string or a list of lines.</summary>
    static string Text(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return "";
        if (value.ValueKind == JsonValueKind.String) return value.GetString() ?? "";
        if (value.ValueKind != JsonValueKind.Array) return "";
        var text = new StringBuilder();
        foreach (var line in value.EnumerateArray())
            if (line.ValueKind == JsonValueKind.String) text.Append(line.GetString());
        return text.ToString();
    }

    static string Cap(string text) => text.Length <= MaxTextPerOutput ? text : text[..MaxTextPerOutput] + "\n… (cut)";
}
