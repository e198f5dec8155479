using System.Buffers.Binary;
using System.Text;

namespace Course.Contracts.Interchange;

/// <summary>
/// The frame a container writes its result archive in, on stdout:
/// "COURSE-RESULT 1\n", an 8-byte little-endian length, then that many bytes. Anything a library
/// prints before the frame is skipped, so stray output cannot be mistaken for a result.
/// </summary>
public static class ResultFrame
{
    static readonly byte[] Magic = Encoding.ASCII.GetBytes("COURSE-RESULT 1\n");

    public static void Write(Stream output, byte[] payload)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, payload.LongLength);
        output.Write(Magic);
        output.Write(length);
        output.Write(payload);
        output.Flush();
    }

    /// <summary>
    /// The payload of the last complete frame in <paramref name="stdout"/>, or null when there is none. Never throws,
    /// and copies no more than <paramref name="stdout"/> holds, whatever length a frame declares.
    /// </summary>
    public static byte[]? Find(byte[] stdout)
    {
        var span = stdout.AsSpan();
        var at = span.LastIndexOf(Magic);
        while (at >= 0)
        {
            var start = at + Magic.Length + 8;
            if (start <= span.Length)
            {
                var length = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(at + Magic.Length, 8));
                // Compared with what is left, not added to the start: a forged length near long.MaxValue must not wrap.
                if (length == span.Length - start)
                    return span.Slice(start, (int)length).ToArray();
            }
            at = span[..at].LastIndexOf(Magic);
        }
        return null;
    }
}
