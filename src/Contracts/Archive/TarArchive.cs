using System.Formats.Tar;

namespace Course.Contracts.Archive;

/// <summary>Packs files into and out of the tar archives that cross the container boundary.</summary>
public static class TarArchive
{
    public static byte[] Pack(IEnumerable<SandboxFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file.Path)
                {
                    DataStream = new MemoryStream(file.Content),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                };
                writer.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Regular files only, each capped, in archive order; anything else is skipped.</summary>
    public static Dictionary<string, byte[]> Unpack(byte[] archive, long maxFileBytes)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                continue;
            if (entry.Length > maxFileBytes)
                throw new InvalidDataException($"{entry.Name} is {entry.Length:N0} bytes, over the {maxFileBytes:N0} accepted");
            using var copy = new MemoryStream();
            entry.DataStream.CopyTo(copy);
            files[entry.Name] = copy.ToArray();
        }
        return files;
    }
}
