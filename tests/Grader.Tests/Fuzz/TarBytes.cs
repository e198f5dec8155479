using System.Text;

namespace Course.Grader.Tests.Fuzz;

/// <summary>Tar archives written block by block, so a test can declare what no tar writer would: huge sizes, forged PAX records.</summary>
public static class TarBytes
{
    /// <summary>A POSIX ustar header and its data, padded to whole blocks; <paramref name="declaredSize"/> defaults to the data's length.</summary>
    public static byte[] Entry(string name, char type, byte[] data, long? declaredSize = null)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name.Length > 100 ? name[..100] : name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Octal(declaredSize ?? data.Length).CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        SetChecksum(header);
        var padded = new byte[(data.Length + 511) / 512 * 512];
        data.CopyTo(padded, 0);
        return [.. header, .. padded];
    }

    /// <summary>A PAX attributes entry ('x') holding these records, each written "LENGTH key=value\n".</summary>
    public static byte[] Pax(params (string Key, string Value)[] records) =>
        Entry("PaxHeaders/x", 'x', Encoding.UTF8.GetBytes(string.Concat(records.Select(r => Record(r.Key, r.Value)))));

    public static readonly byte[] End = new byte[1024];

    /// <summary>Writes the checksum of a header whose other fields are set (unsigned sum, the field counted as spaces).</summary>
    public static void SetChecksum(Span<byte> header)
    {
        header.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header[..512]) sum += b;
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header[148..]);
    }

    /// <summary>An 11-digit octal size field and its NUL; larger values as GNU base-256.</summary>
    public static byte[] Octal(long value)
    {
        if (value is >= 0 and < 1L << 33)
            return Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(11, '0') + "\0");
        var field = new byte[12];
        field[0] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(field.AsSpan(4), value);
        if (value < 0) field.AsSpan(0, 4).Fill(0xff);
        return field;
    }

    static string Record(string key, string value)
    {
        var body = $" {key}={value}\n";
        var length = body.Length + 1;
        while ((length.ToString() + body).Length != length) length++;
        return length + body;
    }
}
