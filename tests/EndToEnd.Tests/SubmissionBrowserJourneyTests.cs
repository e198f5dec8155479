using System.Text.RegularExpressions;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// A TA in a real browser: finds a student's submission through the submissions browser (from the assignment's page,
/// filtered with the form), pages through a long history, follows a row, and re-grades a submission whose grade came
/// from an older version of the tests, watching the notice say what changed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SubmissionBrowserJourneyTests(PortalServer portal, Chromium chromium)
{
    // An assignment no other journey submits: the seed runs only on an empty history.
    const string Bulk = "a13-retrieval";
    const int BulkCount = 55;

    /// <summary>
    /// A long history on one assignment, by people outside the roster (so no gradebook or chart counts them): grading
    /// 55 uploads in the sandbox would take minutes, and the browser only reads the rows.
    /// </summary>
    async Task SeedHistoryAsync()
    {
        await using var db = PortalStore.Open(portal);
        if (await db.Submissions.AnyAsync(s => s.AssignmentId == Bulk, TestContext.Current.CancellationToken)) return;
        var at = DateTimeOffset.UtcNow.AddDays(-3);
        for (var i = 0; i < BulkCount; i++)
            db.Submissions.Add(new Submission
            {
                AssignmentId = Bulk, Student = $"history-{i % 5}@uni.example", FileName = "retrieval.py", ContentHash = $"seed{i}",
                SubmittedAt = at.AddMinutes(i),
                Job = new GradingJob { Status = JobStatus.Graded, QueuedAt = at.AddMinutes(i), StartedAt = at.AddMinutes(i), FinishedAt = at.AddMinutes(i), Attempts = 1 },
                Result = new GradeResult { Score = i, MaxScore = 100, Summary = "seeded", LogJson = "{}", ProvenanceJson = "null", GradedAt = at.AddMinutes(i) },
            });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_ta_finds_a_submission_by_filter_and_page_then_re_grades_it_and_sees_what_changed()
    {
        await SeedHistoryAsync();
        var student = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        await Browser.UploadAsync(student, "a01-attention", Browser.A01("solution/attention.py"));
        await Expect(student.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
        var id = new Uri(student.Url).AbsolutePath.Split('/').Last();
        await student.Context.DisposeAsync();

        var ta = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Ta);

        // From the assignment's staff line to the browser, filtered to that assignment.
        await ta.GotoAsync("assignments/a01-attention");
        await ta.ClickAsync("#browse-submissions");
        await Expect(ta).ToHaveURLAsync(new Regex(@"/submissions\?assignment=a01-attention$"));
        await Expect(ta.Locator("#submissions tbody tr").First).ToBeVisibleAsync();
        foreach (var cell in await ta.Locator("#submissions tbody tr td:nth-child(4)").AllTextContentsAsync())
            Assert.Equal("a01-attention", cell);

        // The form narrows it by part of the student's name and the status; the address keeps the filter.
        await ta.FillAsync("#f-student", "sam stu");
        await ta.SelectOptionAsync("#f-status", "graded");
        await ta.ClickAsync("#filter");
        await Expect(ta).ToHaveURLAsync(new Regex(@"student=sam(\+|%20)stu"));
        var row = ta.Locator($"#submissions tr[data-submission='{id}']");
        await Expect(row).ToContainTextAsync("Sam Student");
        await Expect(row.Locator("td.score")).ToHaveTextAsync("100 / 100");
        await Expect(ta.Locator("#submissions tbody tr[data-student]:not([data-student='" + PortalServer.Student + "'])")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(ta, "ta-submissions-filtered");

        // A long history pages fifty at a time; sorting by score puts the best first.
        await ta.GotoAsync($"submissions?assignment={Bulk}");
        await Expect(ta.Locator("#count")).ToHaveTextAsync($"1–50 of {BulkCount}");
        await ta.ClickAsync("#next");
        await Expect(ta.Locator("#count")).ToHaveTextAsync($"51–{BulkCount} of {BulkCount}");
        await Expect(ta.Locator("#submissions tbody tr")).ToHaveCountAsync(BulkCount - 50);
        await ta.GetByRole(AriaRole.Link, new() { Name = "Score" }).ClickAsync();
        await Expect(ta.Locator("#count")).ToHaveTextAsync($"1–50 of {BulkCount}");
        await Expect(ta.Locator("#submissions tbody tr td.score").First).ToHaveTextAsync($"{BulkCount - 1} / 100");
        await Browser.ScreenshotAsync(ta, "ta-submissions-paged");
        var first = ta.Locator("#submissions tbody tr").First;
        var firstId = await first.GetAttributeAsync("data-submission");
        await first.GetByRole(AriaRole.Link, new() { Name = firstId! }).ClickAsync();
        await Expect(ta).ToHaveURLAsync(new Regex($"/submissions/{firstId}$"));
        await Expect(ta.Locator("#score")).ToContainTextAsync($"{BulkCount - 1} / 100");

        // Sam's grade as an older, stricter version of the tests gave it; a re-grade with today's tests restores it.
        await using (var db = PortalStore.Open(portal))
            await db.Results.Where(r => r.SubmissionId == long.Parse(id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Score, 50), TestContext.Current.CancellationToken);
        await ta.GotoAsync($"submissions/{id}");
        await Expect(ta.Locator("#score")).ToContainTextAsync("50 / 100");
        await Expect(ta.Locator("#status")).ToHaveAttributeAsync("data-live", "true");
        await ta.ClickAsync("#regrade");
        await Expect(ta.Locator("#regrade-notice")).ToContainTextAsync("Re-grading");
        await Expect(ta.Locator("#regrade-notice")).ToHaveTextAsync("Re-graded: 50 → 100 / 100", new() { Timeout = 120_000 });
        await Expect(ta.Locator("#score")).ToContainTextAsync("100 / 100");
        await Browser.ScreenshotAsync(ta, "ta-regrade-changed");
        await ta.Context.DisposeAsync();
    }
}
