using CsvHelper;

namespace Course.Reference.SentimentBaseline;

/// <summary>Reads the split's CSV files (<c>id,sentence[,label]</c>, UTF-8, a header) and writes predictions (<c>id,label</c>).</summary>
public static class SplitCsvFile
{
    public static List<LabelledRow> Read(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { Separator = ',' });
        var rows = new List<LabelledRow>();
        while (reader.Read())
            rows.Add(new LabelledRow(reader.GetString(0), reader.GetString(1), reader.FieldCount > 2 ? reader.GetString(2) : null));
        return rows;
    }

    public static byte[] Predictions(IEnumerable<(string Id, string Label)> rows)
    {
        var text = new StringWriter { NewLine = "\n" };
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(["id", "label"]);
            foreach (var (id, label) in rows) csv.WriteRecord([id, label]);
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
