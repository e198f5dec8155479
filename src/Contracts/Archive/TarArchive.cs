using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;

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

    /// <summary>
    /// Regular files only, each capped, in archive order (a name seen twice keeps its last content); anything else is
    /// skipped. Reads ustar, GNU and PAX archives (what Python's tarfile and .NET's TarWriter write) and throws only
    /// <see cref="InvalidDataException"/>, whatever the bytes: the archive may come from a sandbox. Read by hand, not
    /// with System.Formats.Tar's TarReader, because that sizes buffers from header fields before it reads the data (a
    /// 1.5 KB archive declaring a 2 GB PAX header made it allocate 2 GB, then throw EndOfStreamException); here every
    /// size is checked against the bytes present first.
    /// </summary>
    public static Dictionary<string, byte[]> Unpack(byte[] archive, long maxFileBytes)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? longName = null, paxPath = null;
        long? paxSize = null;
        var at = 0;
        while (archive.Length - at >= Block)
        {
            var header = archive.AsSpan(at, Block);
            if (!header.ContainsAnyExcept((byte)0))
                return files; // the end-of-archive marker
            if (!ChecksumMatches(header))
                throw new InvalidDataException($"the archive has a damaged header at byte {at:N0}");
            var type = (char)header[156];
            var size = paxSize ?? Number(header.Slice(124, 12), at);
            var dataStart = at + Block;
            if (size > archive.Length - dataStart)
                throw new InvalidDataException($"an entry at byte {at:N0} declares {size:N0} bytes, but only {archive.Length - dataStart:N0} follow");
            var data = archive.AsSpan(dataStart, (int)size);
            at = (int)Math.Min(archive.Length, dataStart + (size + Block - 1) / Block * Block);
            switch (type)
            {
                case 'x': // PAX attributes of the next entry
                    (paxPath, paxSize) = PaxAttributes(data);
                    continue;
                case 'L': // a GNU long name for the next entry
                    longName = Text(data);
                    continue;
                case 'g' or 'K': // PAX attributes of the whole archive; a GNU long link name: neither matters here
                    continue;
            }
            var name = paxPath ?? longName ?? UstarName(header);
            (longName, paxPath, paxSize) = (null, null, null);
            if (type is not ('0' or '\0' or '7'))
                continue;
            if (size > maxFileBytes)
                throw new InvalidDataException($"{Cut(name)} is {size:N0} bytes, over the {maxFileBytes:N0} accepted");
            files[name] = data.ToArray();
        }
        // Fewer bytes than a header are left: zero padding, or a header cut short.
        if (archive.AsSpan(at).ContainsAnyExcept((byte)0))
            throw new InvalidDataException($"the archive ends inside a header, at byte {at:N0}");
        return files;
    }

    const int Block = 512;

    /// <summary>Sums the header as unsigned and as signed bytes (old tars used either), with the checksum field read as spaces.</summary>
    static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        long stored;
        try
        {
            stored = Number(header.Slice(148, 8), 0);
        }
        catch (InvalidDataException)
        {
            return false;
        }
        long unsigned = 0, signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        return stored == unsigned || stored == signed;
    }

    /// <summary>A numeric header field: octal digits between spaces or NULs, or GNU's base-256 (high bit set) for large values.</summary>
    static long Number(ReadOnlySpan<byte> field, int at)
    {
        if ((field[0] & 0x80) != 0)
        {
            // Base-256, which GNU tar writes for sizes over 8 GB: accepted only when positive and within a long.
            if (field.Length != 12 || field[0] != 0x80 || field[1..4].ContainsAnyExcept((byte)0) || field[4] >= 0x80)
                throw new InvalidDataException($"the header at byte {at:N0} holds a negative or huge number");
            return BinaryPrimitives.ReadInt64BigEndian(field[4..]);
        }
        var digits = field.Trim((byte)' ').TrimStart((byte)0);
        var end = digits.IndexOfAny((byte)' ', (byte)0);
        if (end >= 0)
        {
            if (digits[end..].ContainsAnyExcept((byte)' ', (byte)0))
                throw new InvalidDataException($"the header at byte {at:N0} holds a number that is not octal");
            digits = digits[..end];
        }
        long value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'7')
                throw new InvalidDataException($"the header at byte {at:N0} holds a number that is not octal");
            value = value * 8 + (d - '0'); // at most 12 digits: no overflow
        }
        return value;
    }

    /// <summary>The path and size a PAX header gives the next entry; its records are "LENGTH key=value\n".</summary>
    static (string? Path, long? Size) PaxAttributes(ReadOnlySpan<byte> data)
    {
        string? path = null;
        long? size = null;
        while (!data.IsEmpty && data.ContainsAnyExcept((byte)0))
        {
            var space = data.IndexOf((byte)' ');
            if (space is <= 0 or > 12 || !int.TryParse(data[..space], System.Globalization.NumberStyles.None, null, out var length)
                || length <= space || length > data.Length || data[length - 1] != (byte)'\n')
                throw new InvalidDataException("the archive has a damaged PAX header");
            var record = data[(space + 1)..(length - 1)];
            data = data[length..];
            var equals = record.IndexOf((byte)'=');
            if (equals < 0)
                throw new InvalidDataException("the archive has a damaged PAX header");
            var key = record[..equals];
            var value = record[(equals + 1)..];
            if (key.SequenceEqual("path"u8))
                path = Text(value);
            else if (key.SequenceEqual("size"u8))
                size = long.TryParse(value, System.Globalization.NumberStyles.None, null, out var s)
                    ? s : throw new InvalidDataException("the archive has a PAX size that is not a number");
        }
        return (path, size);
    }

    /// <summary>The name field, after the prefix field when the header is POSIX ustar (GNU headers keep other fields there).</summary>
    static string UstarName(ReadOnlySpan<byte> header)
    {
        var name = Text(header[..100]);
        if (header.Slice(257, 8).SequenceEqual("ustar\000"u8) && header[345] != 0)
            name = Text(header.Slice(345, 155)) + "/" + name;
        return name;
    }

    /// <summary>UTF-8 up to the first NUL; invalid bytes become U+FFFD rather than an error.</summary>
    static string Text(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? field : field[..nul]);
    }

    static string Cut(string name) => name.Length <= 100 ? name : name[..100] + "…";
}
