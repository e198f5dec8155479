using System.Text;
using Course.Grader.Evaluation;
using Course.Grader.Submissions;

namespace Course.Grader.Tests.Evaluation;

public sealed class PredictionsCsvTests
{
    static readonly string[] Ids = ["test_0001", "test_0002", "test_0003"];
    static readonly string[] Classes = ["negative", "neutral", "positive"];

    static IReadOnlyDictionary<string, string> Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    static IReadOnlyDictionary<string, string> Read(byte[] bytes) => PredictionsCsv.Read(bytes, "predictions.csv", Ids, Classes);

    static string Refusal(string text) => Refusal(Encoding.UTF8.GetBytes(text));

    static string Refusal(byte[] bytes) => Assert.Throws<SubmissionRejectedException>(() => Read(bytes)).Message;

    [Theory]
    [InlineData("id,label\ntest_0001,negative\ntest_0002,neutral\ntest_0003,positive\n")]
    [InlineData("id,label\r\ntest_0003,positive\r\ntest_0001,negative\r\ntest_0002,neutral")]
    [InlineData("id , label\ntest_0001, negative\n\"test_0002\",neutral\ntest_0003,positive\n")]
    public void A_well_formed_file_is_read_in_any_order_with_either_line_ending(string text)
    {
        var read = Read(text);
        Assert.Equal(["negative", "neutral", "positive"], Ids.Select(id => read[id]));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_tolerated()
    {
        var read = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id,label\ntest_0001,negative\ntest_0002,neutral\ntest_0003,positive\n")]);
        Assert.Equal("positive", read["test_0003"]);
    }

    [Theory]
    [InlineData("", "predictions.csv is empty")]
    [InlineData("\n\n", "predictions.csv holds no lines")]
    [InlineData("id;label\ntest_0001;negative\n", "line 1 separates its fields with semicolons: use commas")]
    [InlineData("id\tlabel\n", "line 1 separates its fields with tabs")]
    [InlineData("id,label\ntest_0001,negative\ntest_0002;neutral\n", "line 3 separates its fields with semicolons")]
    [InlineData("id,prediction\ntest_0001,negative\n", "line 1 must be the header id,label, not `id,prediction`")]
    [InlineData("test_0001,negative\ntest_0002,neutral\n", "line 1 must be the header id,label")]
    [InlineData("id,label\ntest_0001,negative\ntest_0001,neutral\ntest_0003,positive\n", "line 3: test_0001 is predicted twice (first on line 2)")]
    [InlineData("id,label\ntest_0001,negative\ntest_0009,neutral\n", "line 3: `test_0009` is not an id of test.csv")]
    [InlineData("id,label\ntest_0001,Positive\n", "line 2: `Positive` for test_0001 is not a label; use negative, neutral, positive")]
    [InlineData("id,label\ntest_0001,2\n", "(label id 2 is positive)")]
    [InlineData("id,label\ntest_0001,negative,0.9\n", "line 2 has 3 fields")]
    [InlineData("id,label\ntest_0001,negative\n\ntest_0002,neutral\ntest_0003,positive\n", "line 3 is empty")]
    [InlineData("id,label\ntest_0001,negative\ntest_0003,positive\n", "has no prediction for 1 of the 3 test sentences, the first being test_0002 (line 3 of test.csv)")]
    [InlineData("id,label\n", "has no prediction for 3 of the 3 test sentences")]
    public void A_malformed_file_is_refused_naming_its_first_bad_line(string text, string expected)
    {
        var message = Refusal(text);
        Assert.Contains(expected, message);
        Assert.StartsWith("predictions.csv ", message);
    }

    [Fact]
    public void A_latin1_file_is_refused_naming_the_line_and_the_byte()
    {
        var latin1 = Encoding.Latin1.GetBytes("id,label\ntest_0001,negative\ntest_0002,n\u00e9utral\ntest_0003,positive\n");
        Assert.Contains("line 3 is not UTF-8 (byte 0xE9 at byte 12 of the line", Refusal(latin1));
    }

    [Fact]
    public void A_utf16_file_is_refused()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("id,label\n")).ToArray();
        Assert.Contains("is UTF-16", Refusal(utf16));
    }

    [Fact]
    public void Control_characters_in_a_quoted_field_are_shown_escaped()
    {
        Assert.Contains("`test\\x1B[31m`", Refusal("id,label\ntest\u001b[31m,negative\n"));
    }
}
