using System.Text;

namespace Course.Grader.Sandbox;

/// <summary>The first bytes of a container stream, and how many bytes it wrote in all.</summary>
public sealed record CapturedOutput(byte[] Bytes, long TotalBytes)
{
    public bool Truncated => TotalBytes > Bytes.Length;

    /// <summary>The kept text, with a line saying how much was cut when the stream was longer than the cap.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes) + CutNote(Bytes.Length, TotalBytes);

    /// <summary>The line that says a stream was cut, or nothing when it was kept whole.</summary>
    public static string CutNote(long kept, long total) =>
        total > kept ? $"\n[output cut: kept the first {kept:N0} of {total:N0} bytes]\n" : "";
}
