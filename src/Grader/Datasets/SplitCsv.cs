using System.Text;
using CsvHelper;

namespace Course.Grader.Datasets;

/// <summary>
/// The split's files as bytes: UTF-8 without a BOM, LF line endings, RFC 4180 quoting (sentences hold commas and
/// quotes), a header line. Students get <c>id,sentence,label</c> for training and validation and <c>id,sentence</c>
/// for test; the grader's labels file is <c>id,label,part</c>.
/// </summary>
public static class SplitCsv
{
    static readonly CsvWriterOptions Writing = new() { NewLine = "\n" };
    static readonly CsvReaderOptions Reading = new() { Separator = ',', HasHeader = false };

    public static byte[] Labelled(IEnumerable<SplitRow> rows) => Write(["id", "sentence", "label"], rows.Select(r => new[] { r.Id, r.Sentence, r.Label }));

    public static byte[] Sentences(IEnumerable<SplitRow> rows) => Write(["id", "sentence"], rows.Select(r => new[] { r.Id, r.Sentence }));

    public static byte[] Labels(IEnumerable<SplitRow> rows) => Write(["id", "label", "part"], rows.Select(r => new[] { r.Id, r.Label, r.Part ?? "" }));

    /// <summary>Reads a file written by this class (trusted: ours), header first, each row's fields in order.</summary>
    public static List<string[]> Read(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, Reading);
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }

    static byte[] Write(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringWriter { NewLine = "\n" };
        using (var csv = CsvWriter.Create(text, Writing, leaveOpen: true))
        {
            csv.WriteRecord(header);
            foreach (var row in rows) csv.WriteRecord(row);
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }
}
