using Course.Contracts.Manifest;
using Course.Grader.Score;
using TestResult = Course.Grader.Score.TestResult;

namespace Course.Cli.Tests;

/// <summary>What a submission wrote reaches the terminal as visible text, never as control sequences.</summary>
public sealed class TerminalTextTests
{
    // Repaints the line above as PASS, forges a total, then writes "evil" to the clipboard (OSC 52, BEL-terminated).
    const string Hostile = "\u001b[1A\u001b[2K\rPASS     10/10 sdpa_basic\nscore 100 / 100\u001b]52;c;ZXZpbA==\u0007";

    [Fact]
    public void Escape_sequences_and_other_controls_are_shown_not_obeyed()
    {
        var safe = TerminalText.Escape(Hostile);

        Assert.Equal(@"\e[1A\e[2K\rPASS     10/10 sdpa_basic\nscore 100 / 100\e]52;c;ZXZpbA==\x07", safe);
        Assert.DoesNotContain(safe, char.IsControl);
    }

    [Theory]
    [InlineData("\u0000", @"\x00")]
    [InlineData("\u0008", @"\x08")]
    [InlineData("\u007f", @"\x7f")]
    [InlineData("\u009b31m", @"\x9b31m")] // the 8-bit CSI
    [InlineData("\u009d52;c;eA==\u009c", @"\x9d52;c;eA==\x9c")] // the 8-bit OSC and ST
    [InlineData("\t", @"\t")]
    [InlineData("a\u202Eb\u2066c\u200Fd\u2028e", @"a\u202eb\u2066c\u200fd\u2028e")] // bidi controls and the line separator
    public void Each_control_character_has_a_visible_escape(string text, string shown) =>
        Assert.Equal(shown, TerminalText.Escape(text));

    [Fact]
    public void Ordinary_text_is_printed_as_it_is()
    {
        const string feedback = "max abs error 0.25 at [0, 1] (rtol 1e-05, atol 1e-06): 1.5 vs expected 1.25 — ünïcode ok";
        Assert.Same(feedback, TerminalText.Escape(feedback));
    }

    [Fact]
    public void The_table_keeps_its_own_lines_and_no_line_a_submission_tries_to_add()
    {
        var report = new GradeReport(0, 10, "graded\u001b[2J",
            [new TestResult("sdpa_basic", TestOutcome.Failed, 0, 10, Hostile, Visibility.Visible)],
            new SandboxLog("", "", "", "exited with 0", 0, false, false),
            new Provenance("a01-attention", "", "", "", "", 0, "", new Dictionary<string, string>(), new Dictionary<string, double>()), 1);
        var output = new StringWriter();

        GradeCommand.PrintTable(report, output);

        var text = output.ToString();
        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n' && c != '\r');
        Assert.DoesNotContain('\r', text.Replace(Environment.NewLine, "\n"));
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("FAIL", lines[0]);
        // The feedback's own line feeds stay, as the table shows output line by line, but only indented under its test.
        Assert.All(lines[1..^1], l => Assert.StartsWith("       ", l));
        Assert.Equal(@"score 0 / 10: graded\e[2J", lines[^1]);
        Assert.Single(lines, l => l.StartsWith("score"));
    }
}
