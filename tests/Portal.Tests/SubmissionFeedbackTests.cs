using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>
/// The student's submission page: a file that could not be imported is said once, at the top, with the student's own
/// traceback; tests the page does not show are counted by when they open, without saying how they did.
/// </summary>
public sealed class SubmissionFeedbackTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Traceback = "  File \"attention.py\", line 3\n    def attention(q, k, v:\n                         ^\nSyntaxError: '(' was never closed";
    long broken, graded;

    public async ValueTask InitializeAsync()
    {
        await portal.SeedPeopleAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var ids = db.Submissions.Where(s => s.Student == PortalFactory.Bea).OrderBy(s => s.Id).Select(s => s.Id).ToList();
        if (ids.Count == 2)
        {
            (broken, graded) = (ids[0], ids[1]);
            return;
        }
        var store = scope.ServiceProvider.GetRequiredService<SubmissionStore>();
        broken = (await store.SubmitAsync("a01-attention", PortalFactory.Bea, new SubmissionUpload("attention.py", "def attention(q, k, v:\n"u8.ToArray()))).Id;
        graded = (await store.SubmitAsync("a01-attention", PortalFactory.Bea, new SubmissionUpload("attention.py", "def attention(q, k, v):\n    return q\n"u8.ToArray()))).Id;
        Visibility[] visibilities = [Visibility.Visible, Visibility.Visible, Visibility.AfterDue, Visibility.AfterDue, Visibility.AfterDue, Visibility.Hidden, Visibility.Hidden];
        db.Results.Add(Result(broken, ImportFailure.Summary, visibilities, i => ImportFailure.NotRun, importError: "SyntaxError: '(' was never closed (attention.py, line 3)"));
        // One hidden test passed and one failed: the page must not tell which.
        db.Results.Add(Result(graded, "4 of 7 tests passed.", visibilities, i => i is 0 or 2 or 5 ? "output: matches" : "output: differs"));
        await db.SaveChangesAsync();
    }

    static GradeResult Result(long submission, string summary, Visibility[] visibilities, Func<int, string> output, string? importError = null) => new()
    {
        SubmissionId = submission, Score = 30, MaxScore = 70, Summary = summary,
        LogJson = JsonSerializer.Serialize(new SandboxLog("", "", "", "exited with 0", 0, false, false)),
        ProvenanceJson = "null", GradedAt = DateTimeOffset.UtcNow,
        ImportError = importError, ImportTraceback = importError is null ? null : Traceback,
        Tests = visibilities.Select((v, i) => new TestResultRow
        {
            Order = i, Name = $"test_{i}", Status = output(i) == "output: matches" ? TestOutcome.Passed : TestOutcome.Failed,
            Score = 0, MaxScore = 10, Output = output(i), Visibility = v,
        }).ToList(),
    };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_import_error_is_said_once_at_the_top_with_the_students_traceback_and_the_tests_say_not_run()
    {
        var bea = await portal.SignedInAsync(PortalFactory.Bea);
        var page = WebUtility.HtmlDecode(await bea.GetStringAsync($"/submissions/{broken}", TestContext.Current.CancellationToken));

        Assert.Contains("<strong>Your file could not be imported:</strong> SyntaxError: '(' was never closed (attention.py, line 3)", page);
        Assert.Contains($"<pre id=\"import-traceback\">{Traceback}</pre>", page);
        Assert.Single(Regex.Matches(page, "was never closed\\s*</pre>"));
        Assert.True(page.IndexOf("import-error", StringComparison.Ordinal) < page.IndexOf("test_0", StringComparison.Ordinal));
        var results = Regex.Matches(page, "<td class=\"result\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["not run", "not run"], results); // the two visible tests, before the due date
        Assert.DoesNotContain("import-error", WebUtility.HtmlDecode(await bea.GetStringAsync($"/submissions/{graded}", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Before_the_due_date_the_page_counts_tests_hidden_until_then_apart_from_those_never_shown()
    {
        var bea = await portal.SignedInAsync(PortalFactory.Bea);
        var page = WebUtility.HtmlDecode(await bea.GetStringAsync($"/submissions/{graded}", TestContext.Current.CancellationToken));

        Assert.Equal(
            ["3 more tests are hidden until your due date (their points are in the score).",
             "2 other tests are never shown (their points are in the score)."],
            Regex.Matches(page, "<p class=\"hidden-tests\">([^<]*)</p>").Select(m => m.Groups[1].Value));
        for (var i = 2; i < 7; i++) Assert.DoesNotContain($"test_{i}", page);
        Assert.Equal(2, Regex.Matches(page, "<td class=\"result\">").Count); // the visible tests' rows, and no others
    }
}
