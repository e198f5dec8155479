using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>A student in a real browser: sign in, open a01, upload a file, watch the grade arrive without reloading.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StudentSubmissionTests(PortalServer portal, Chromium chromium)
{
    [Fact]
    public async Task Uploading_the_a01_solution_shows_the_grade_arrive_live_with_full_marks()
    {
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        await Browser.UploadAsync(page, "a01-attention", Browser.A01("solution/attention.py"));

        var status = page.Locator("#status");
        // The page may be seen before the grade (a fresh data folder computes goldens first), and always ends graded.
        await Expect(status).ToHaveAttributeAsync("data-status", new Regex("^(Queued|Running|Graded)$"));
        await Browser.ScreenshotAsync(page, "student-submission-waiting");
        var url = page.Url;

        await Expect(status).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
        Assert.Equal(url, page.Url); // the same page, updated in place
        await Expect(page.Locator("#score")).ToHaveTextAsync("Score: 100 / 100");
        var rows = page.Locator("table.results tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        Assert.Equal(await rows.CountAsync(), await page.Locator("table.results tbody tr.passed").CountAsync());
        await Expect(page.Locator("body")).ToContainTextAsync($"attention.py for a01-attention, by {PortalServer.Student}");
        await Browser.ScreenshotAsync(page, "student-submission-graded");

        // The attempt is in the student's history and grades.
        await page.GotoAsync("assignments/a01-attention");
        await Expect(page.Locator("#history")).ToContainTextAsync("100 / 100");
        await page.GotoAsync("grades");
        await Expect(page.Locator("#grades tr[data-assignment=a01-attention] td.points")).ToContainTextAsync("100 / 100");
        await Browser.ScreenshotAsync(page, "student-grades");
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task A_file_that_is_not_python_is_refused_on_the_page_with_the_reason()
    {
        var garbage = Path.Combine(Path.GetTempPath(), $"attention-{Guid.NewGuid():N}.py");
        await File.WriteAllBytesAsync(garbage, [0x00, 0xff, 0xfe, 0x13, 0x37, 0x00], TestContext.Current.CancellationToken);
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        try
        {
            await page.GotoAsync("assignments/a01-attention");
            await page.SetInputFilesAsync("#upload", garbage);
            await page.ClickAsync("#submit");

            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("Not accepted:");
            await Expect(alert).ToContainTextAsync("no attempt was used");
            Assert.Contains("/assignments/a01-attention", page.Url);
            await Browser.ScreenshotAsync(page, "student-upload-refused");
        }
        finally
        {
            File.Delete(garbage);
            await page.Context.DisposeAsync();
        }
    }
}
