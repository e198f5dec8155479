using System.Buffers.Binary;

namespace Course.Grader.Submissions;

/// <summary>
/// Where a zip's entries lie in its bytes, read from its central directory. <see cref="System.IO.Compression.ZipArchive"/>
/// does not show it, and it is what a non-recursive zip bomb plays with: many names pointing at one local record.
/// </summary>
public static class ZipLayout
{
    /// <summary>The name of the first entry whose local record starts inside another's; null when none does or the layout cannot be read.</summary>
    public static string? FirstOverlap(byte[] zip)
    {
        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535, at the end.
        var end = -1;
        for (var i = zip.Length - 22; i >= Math.Max(0, zip.Length - 22 - 65535); i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x06054b50) { end = i; break; }
        if (end < 0) return null;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        long at = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var spans = new List<(long Start, long End, string Name)>();
        for (var n = 0; n < count; n++)
        {
            if (at + 46 > zip.Length || BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan((int)at)) != 0x02014b50) return null;
            var record = zip.AsSpan((int)at);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(record[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(record[42..]);
            if (at + 46 + nameLength > zip.Length) return null;
            var name = System.Text.Encoding.UTF8.GetString(record.Slice(46, nameLength));
            // The local record's own name and extra field lengths fix where its data ends.
            if (local + 30 > zip.Length) return null;
            var header = 30L + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan((int)local + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan((int)local + 28));
            spans.Add((local, local + header + compressed, name));
            at += 46 + nameLength + extraLength + commentLength;
        }
        var sorted = spans.OrderBy(s => s.Start).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Start < sorted[i - 1].End)
                return sorted[i].Name;
        return null;
    }
}
