using System.Globalization;
using System.Text;

namespace Course.Cli;

/// <summary>
/// Text that came from a submission (feedback, test output, file and zip entry names), made safe to print on a
/// terminal. A submission controls what its code prints and raises, so raw output could move the cursor and repaint
/// FAIL as PASS, forge a "score 100 / 100" line, retitle the window or write the clipboard (OSC 52). Every control
/// character is shown as an escape instead: ESC as <c>\e</c>, CR and tab as <c>\r</c> and <c>\t</c>, the other C0
/// and C1 controls and DEL as <c>\xNN</c>, and the characters that reorder or break lines (bidi controls, U+2028/9)
/// as <c>\uNNNN</c>. Line feeds are escaped too: callers split lines first where the table wants them.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Any(NeedsEscape)) return text;
        var safe = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c)) safe.Append(c);
            else if (c == '\x1b') safe.Append(@"\e");
            else if (c == '\n') safe.Append(@"\n");
            else if (c == '\r') safe.Append(@"\r");
            else if (c == '\t') safe.Append(@"\t");
            else if (c <= '\xff') safe.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else safe.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return safe.ToString();
    }

    /// <summary>The lines of <paramref name="text"/>, each escaped: for output that the table prints a line at a time.</summary>
    public static IEnumerable<string> EscapeLines(string? text) =>
        (text ?? "").Split('\n').Select(Escape);

    static bool NeedsEscape(char c) =>
        char.IsControl(c) // C0, DEL and C1 (U+0080–U+009F, which include the 8-bit CSI and OSC)
        || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u200e' or '\u200f' or '\u061c'
        || c is '\u2028' or '\u2029';
}
