using Course.Gradebook.Reads;
using Course.Grader.Data;
using Course.Portal.Submissions;

namespace Course.Portal.Tests;

/// <summary>The browser's filter as an address: what a link says is what the page reads back.</summary>
public sealed class BrowserQueryTests
{
    static BrowserQuery ParseLink(string link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(link.Contains('?') ? link[(link.IndexOf('?') + 1)..] : "");
        return BrowserQuery.Parse(query["assignment"], query["student"], query["status"], query["min"], query["max"], query["sort"], query["dir"], query["page"]);
    }

    [Fact]
    public void A_filter_survives_its_own_link()
    {
        var filter = new SubmissionFilter("a01-attention", "Ada Lovelace & co", JobStatus.Graded, 12.5, 80, SubmissionSort.Student, true, 3);
        var back = ParseLink(BrowserQuery.Link(filter));
        Assert.Empty(back.Problems);
        Assert.Equal(filter, back.Filter);
    }

    [Fact]
    public void The_default_view_is_the_bare_address()
    {
        Assert.Equal("submissions", BrowserQuery.Link(new SubmissionFilter()));
        Assert.Equal(new SubmissionFilter(), ParseLink("submissions").Filter);
    }

    [Fact]
    public void A_column_header_sorts_by_it_then_flips_and_starts_from_the_first_page()
    {
        var onPageTwo = new SubmissionFilter(Assignment: "a01-attention", Page: 2);
        var byStudent = ParseLink(BrowserQuery.SortLink(onPageTwo, SubmissionSort.Student)).Filter;
        Assert.Equal((SubmissionSort.Student, false, 1, "a01-attention"), (byStudent.Sort, byStudent.Descending, byStudent.Page, byStudent.Assignment));
        var flipped = ParseLink(BrowserQuery.SortLink(byStudent, SubmissionSort.Student)).Filter;
        Assert.True(flipped.Descending);
        // Newest first is where the submitted column starts.
        Assert.True(ParseLink(BrowserQuery.SortLink(byStudent, SubmissionSort.Submitted)).Filter.Descending);
    }

    [Theory]
    [InlineData("status", "2")]          // an enum's number is not a status
    [InlineData("status", "graded!")]
    [InlineData("min", "NaN")]
    [InlineData("max", "1e999")]
    public void A_value_that_does_not_parse_is_named_and_left_out(string field, string value)
    {
        var back = ParseLink($"submissions?{field}={Uri.EscapeDataString(value)}");
        Assert.Single(back.Problems);
        Assert.Contains(value, back.Problems[0]);
        Assert.Equal(new SubmissionFilter(), back.Filter);
    }
}
