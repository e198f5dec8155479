using System.Text;
using Course.Grader.Pipeline;
using Course.Grader.Score;

namespace Course.Grader.Tests;

/// <summary>status.json as a forged event or a damaged harness could leave it: every field checked, with defaults.</summary>
public sealed class HarnessReportTests
{
    static HarnessReport Parse(string json) => HarnessReport.Parse(Encoding.UTF8.GetBytes(json), ["a", "b"]);

    [Fact]
    public void Fields_of_the_wrong_type_take_their_defaults()
    {
        var report = Parse("""
            {"tests": {"a": {"status": "error", "message": null, "traceback": 42, "seconds": "slow"},
                       "b": {"status": 3, "message": ["x"]}},
             "logs": {"stdout": "not an object", "stderr": {"text": 7, "total_bytes": "many", "truncated": "yes"}},
             "memory_peak_bytes": "a lot"}
            """);

        Assert.Equal(new("error", "", "", null), report.Tests["a"]);
        Assert.Equal(new("error", "the test ended without a known status", "", null), report.Tests["b"]);
        Assert.Equal("", report.Stdout);
        Assert.Equal("", report.Stderr);
        Assert.Null(report.MemoryPeakBytes);
    }

    [Fact]
    public void Only_an_error_flagged_import_failed_with_true_is_an_import_failure()
    {
        var report = Parse("""
            {"tests": {"a": {"status": "error", "message": "could not import the submission: SyntaxError: x", "traceback": "tb", "import_failed": true},
                       "b": {"status": "ok", "import_failed": true}}}
            """);
        Assert.True(report.Tests["a"].ImportFailed);
        Assert.False(report.Tests["b"].ImportFailed); // a flag on a passed test would hide its result
        Assert.False(Parse("""{"tests": {"a": {"status": "error", "import_failed": "yes"}}}""").Tests["a"].ImportFailed);
        Assert.Equal(new ImportFailure("SyntaxError: x", "tb"), ImportFailure.Of(report.Tests["a"]));
    }

    [Theory]
    [InlineData("""{"tests": ["a", "b"]}""")]
    [InlineData("""{"tests": null, "logs": []}""")]
    [InlineData("""{}""")]
    public void Tests_that_are_not_an_object_are_tests_without_a_status(string json)
    {
        var report = Parse(json);
        Assert.Empty(report.Tests);
        Assert.Equal("", report.Stdout);
    }

    [Theory]
    [InlineData("passed")]
    [InlineData("OK")]
    [InlineData("")]
    public void An_unknown_status_becomes_an_error_keeping_the_message(string status)
    {
        var report = Parse("{\"tests\": {\"a\": {\"status\": \"" + status + "\", \"message\": \"forged\"}}}");
        Assert.Equal(new("error", "forged", "", null), report.Tests["a"]);
    }

    [Fact]
    public void Only_the_manifest_s_tests_are_read_and_a_repeated_one_keeps_its_first_entry()
    {
        var report = Parse("""{"tests": {"a": {"status": "error"}, "a": {"status": "ok"}, "zzz": {"status": "ok"}, "b": "ok"}}""");
        Assert.Equal(["a", "b"], report.Tests.Keys.Order());
        Assert.Equal("error", report.Tests["a"].Status);
        Assert.Equal(new("error", "the harness's report of this test is unreadable"), report.Tests["b"]);
    }

    [Fact]
    public void Seconds_and_memory_are_kept_only_when_finite_and_not_negative()
    {
        Assert.Equal(1.5, Parse("""{"tests": {"a": {"status": "ok", "seconds": 1.5}}}""").Tests["a"].Seconds);
        Assert.Null(Parse("""{"tests": {"a": {"status": "ok", "seconds": -1}}}""").Tests["a"].Seconds);
        Assert.Null(Parse("""{"tests": {"a": {"status": "ok", "seconds": 1e400}}}""").Tests["a"].Seconds);
        Assert.Equal(5, Parse("""{"memory_peak_bytes": 5}""").MemoryPeakBytes);
        Assert.Null(Parse("""{"memory_peak_bytes": -5}""").MemoryPeakBytes);
        Assert.Null(Parse("""{"memory_peak_bytes": 1.5}""").MemoryPeakBytes);
    }

    [Fact]
    public void Python_s_NaN_and_Infinity_are_read_as_no_value_instead_of_making_the_report_unreadable()
    {
        var report = Parse("""{"tests": {"a": {"status": "ok", "seconds": NaN, "message": "NaN stays in strings"}, "b": {"status": "ok", "seconds": -Infinity}}, "memory_peak_bytes": Infinity}""");
        Assert.Equal(new("ok", "NaN stays in strings", "", null), report.Tests["a"]);
        Assert.Null(report.Tests["b"].Seconds);
        Assert.Null(report.MemoryPeakBytes);
    }

    [Fact]
    public void Control_characters_are_escaped_and_the_text_after_them_kept()
    {
        var report = Parse("""{"tests": {"a": {"status": "error", "message": "bad\u0000 value\u001b[0m", "traceback": "line\u0000two"}}, "logs": {"stdout": {"text": "x\u0000y", "total_bytes": 3, "truncated": false}}}""");
        Assert.Equal("bad\\x00 value\\x1b[0m", report.Tests["a"].Message);
        Assert.Equal("line\\x00two", report.Tests["a"].Traceback);
        Assert.Equal("x\\x00y", report.Stdout);
    }

    [Fact]
    public void A_message_and_a_traceback_are_cut_at_four_kibibytes_with_a_note()
    {
        var report = Parse("{\"tests\": {\"a\": {\"status\": \"error\", \"message\": \"" + new string('m', 10_000) + "\", \"traceback\": \"" + new string('t', 5_000) + "\"}}}");
        Assert.Equal(new string('m', 4096) + "\n[… cut: 5,904 more characters]", report.Tests["a"].Message);
        Assert.Equal(new string('t', 4096) + "\n[… cut: 904 more characters]", report.Tests["a"].Traceback);
    }

    [Fact]
    public void A_string_that_cannot_be_decoded_is_kept_as_written()
    {
        // Python writes "\udc80" for a str holding a lone surrogate (e.g. a file name it could not decode).
        var report = Parse("""{"tests": {"a": {"status": "error", "message": "ValueError: \udc80!"}}}""");
        Assert.Equal("ValueError: \\udc80!", report.Tests["a"].Message);
    }

    [Fact]
    public void A_cut_log_keeps_the_harness_s_note()
    {
        var report = Parse("""{"logs": {"stdout": {"text": "abc", "total_bytes": 5000000, "truncated": true}}}""");
        Assert.Equal("abc\n[output cut: kept the first 3 of 5,000,000 bytes]\n", report.Stdout);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"tests\"")]
    [InlineData("")]
    [InlineData("{\"tests\": {")]
    public void A_report_that_is_not_a_JSON_object_is_unreadable(string json)
    {
        Assert.Throws<InvalidDataException>(() => Parse(json));
    }
}
