using System.Globalization;
using System.Text;

namespace Course.Grader.Score;

/// <summary>
/// The one place text from the sandbox (messages, tracebacks, the student's stdout and stderr, the harness's log: a
/// student may have written any of it) is made safe to store and show. Control characters other than \n and \t are
/// written as \xNN, so a NUL cannot cut the stored text short (SQLite and C strings end at one) and the rest is kept;
/// a lone surrogate becomes U+FFFD, since it cannot be encoded as UTF-8 or JSON; and text is cut at a cap, with a note
/// of how many characters were left out.
/// </summary>
public static class SandboxText
{
    public const int MaxMessageChars = 4096;
    public const int MaxTracebackChars = 4096;
    public const int MaxLogChars = 1024 * 1024;
    /// <summary>One test's feedback: a message, a traceback and the grader's own lines.</summary>
    public const int MaxTestFeedbackChars = 16 * 1024;
    /// <summary>Every test's feedback together: later tests get what earlier ones left, but at least <see cref="MinTestFeedbackChars"/>.</summary>
    public const int MaxReportFeedbackChars = 128 * 1024;
    public const int MinTestFeedbackChars = 512;

    /// <summary>The text made safe and cut to <paramref name="maxChars"/> (plus the cut note); null becomes "".</summary>
    public static string Clean(string? text, int maxChars)
    {
        text ??= "";
        if (text.Length <= maxChars && !NeedsEscaping(text)) return text;
        var clean = new StringBuilder(Math.Min(text.Length, maxChars) + 64);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var width = pair ? 2 : IsEscaped(c) ? 4 : 1;
            if (clean.Length + width > maxChars) break; // never splits a pair or an escape
            if (pair) clean.Append(c).Append(text[i + 1]);
            else if (char.IsSurrogate(c)) clean.Append('\uFFFD');
            else if (IsEscaped(c)) clean.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else clean.Append(c);
            i += pair ? 2 : 1;
        }
        if (i < text.Length) clean.Append(CultureInfo.InvariantCulture, $"\n[… cut: {text.Length - i:N0} more characters]");
        return clean.ToString();
    }

    /// <summary>
    /// Each test's feedback cleaned and cut to <see cref="MaxTestFeedbackChars"/>, and all of it together to about
    /// <see cref="MaxReportFeedbackChars"/>, in test order: a report's size is bounded however many tests fail at length.
    /// </summary>
    public static IReadOnlyList<string> CleanFeedback(IEnumerable<string> feedback)
    {
        var left = MaxReportFeedbackChars;
        var cleaned = new List<string>();
        foreach (var text in feedback)
        {
            var one = Clean(text, Math.Clamp(left, MinTestFeedbackChars, MaxTestFeedbackChars));
            left = Math.Max(0, left - one.Length);
            cleaned.Add(one);
        }
        return cleaned;
    }

    static bool IsEscaped(char c) => char.IsControl(c) && c is not ('\n' or '\t');

    static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
            if (IsEscaped(c) || char.IsSurrogate(c)) return true; // pairs are rare in feedback: checked on the slow path
        return false;
    }
}
