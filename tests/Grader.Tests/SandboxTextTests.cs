using Course.Grader.Score;

namespace Course.Grader.Tests;

public sealed class SandboxTextTests
{
    [Fact]
    public void A_NUL_is_escaped_and_the_text_after_it_is_kept()
    {
        Assert.Equal("before\\x00after", SandboxText.Clean("before\0after", 100));
    }

    [Fact]
    public void Control_characters_are_escaped_but_newlines_and_tabs_kept()
    {
        Assert.Equal("a\n\tb\\x1b[31mred\\x0dc\\x7f\\x85", SandboxText.Clean("a\n\tb\u001b[31mred\rc\u007f\u0085", 100));
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_and_a_pair_is_kept()
    {
        Assert.Equal("x\uFFFDy😀\uFFFD", SandboxText.Clean("x\ud800y😀\udc00", 100));
    }

    [Fact]
    public void Long_text_is_cut_with_a_note_of_how_much_was_left_out()
    {
        var text = SandboxText.Clean(new string('a', 10_000), 4096);
        Assert.Equal(new string('a', 4096) + "\n[… cut: 5,904 more characters]", text);
    }

    [Fact]
    public void A_cut_never_splits_an_escape_or_a_surrogate_pair()
    {
        Assert.Equal("ab\n[… cut: 1 more characters]", SandboxText.Clean("ab\0", 4));
        Assert.Equal("abc\n[… cut: 2 more characters]", SandboxText.Clean("abc😀", 4));
    }

    [Fact]
    public void Null_becomes_empty_and_clean_text_is_returned_as_it_is()
    {
        Assert.Equal("", SandboxText.Clean(null, 10));
        const string text = "output: matches (max abs error 0)";
        Assert.Same(text, SandboxText.Clean(text, 100));
    }

    [Fact]
    public void Feedback_is_capped_per_test_and_for_the_whole_report_leaving_every_test_a_share()
    {
        var feedback = SandboxText.CleanFeedback(Enumerable.Repeat(new string('f', 100_000), 20).Append("short").ToList());

        // Seven tests get their whole cap, the eighth what is left of the budget, and the rest their minimum share.
        Assert.All(feedback.Take(7), f => Assert.StartsWith(new string('f', SandboxText.MaxTestFeedbackChars) + "\n[…", f));
        Assert.InRange(feedback[7].Length, SandboxText.MinTestFeedbackChars, SandboxText.MaxTestFeedbackChars);
        Assert.All(feedback.Skip(8).Take(12), f => Assert.StartsWith(new string('f', SandboxText.MinTestFeedbackChars) + "\n[…", f));
        Assert.Equal("short", feedback[^1]);
        Assert.True(feedback.Sum(f => f.Length) < SandboxText.MaxReportFeedbackChars + 21 * (SandboxText.MinTestFeedbackChars + 64));
    }
}
