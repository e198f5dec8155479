using System.Buffers.Binary;
using System.Text;

namespace Course.Contracts.Interchange;

/// <summary>
/// The frame a container writes its result archive in, on stdout: a header line, an 8-byte little-endian length,
/// then that many bytes, and nothing after. The sandbox's header carries a per-job secret
/// ("COURSE-RESULT 1 &lt;secret&gt;\n") that the host makes and the submission never sees, so no frame the submission
/// forges (in its outputs, its prints, anywhere) can pass for the harness's. The reference, which is trusted, uses
/// no secret ("COURSE-RESULT 1\n"); whatever a library prints before its frame is skipped.
/// </summary>
public static class ResultFrame
{
    const string Magic = "COURSE-RESULT 1";

    /// <summary>The header line for a secret (empty: none).</summary>
    public static string Header(string secret = "") => secret.Length == 0 ? Magic + "\n" : $"{Magic} {secret}\n";

    /// <summary>A new unguessable secret for one sandbox run.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public static void Write(Stream output, byte[] payload, string secret = "")
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, payload.LongLength);
        output.Write(Encoding.ASCII.GetBytes(Header(secret)));
        output.Write(length);
        output.Write(payload);
        output.Flush();
    }

    /// <summary>
    /// The payload of the complete frame that ends <paramref name="stdout"/> and opens with the secret's header, or
    /// null when there is none. Never throws, and copies no more than <paramref name="stdout"/> holds, whatever length
    /// a frame declares.
    /// </summary>
    public static byte[]? Find(byte[] stdout, string secret = "")
    {
        var header = Encoding.ASCII.GetBytes(Header(secret));
        var span = stdout.AsSpan();
        var at = span.LastIndexOf(header);
        while (at >= 0)
        {
            var start = at + header.Length + 8;
            if (start <= span.Length)
            {
                var length = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(at + header.Length, 8));
                // Compared with what is left, not added to the start: a forged length near long.MaxValue must not wrap.
                if (length == span.Length - start)
                    return span.Slice(start, (int)length).ToArray();
            }
            at = span[..at].LastIndexOf(header);
        }
        return null;
    }
}
