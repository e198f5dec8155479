using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>A student in a real browser: open a01, upload a file, watch the grade arrive without reloading.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StudentSubmissionTests(PortalServer portal, Chromium chromium) : IAsyncLifetime
{
    IBrowserContext context = null!;
    IPage page = null!;

    static string A01(string relative) => Path.Combine(PortalServer.RepoRoot, "assignments", "a01-attention", relative);

    public async ValueTask InitializeAsync()
    {
        context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl.ToString() });
        page = await context.NewPageAsync();
    }

    async Task OpenA01Async()
    {
        await page.GotoAsync("assignments/a01-attention");
        await Expect(page.Locator("#submit")).ToBeVisibleAsync();
    }

    Task ScreenshotAsync(string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.Artifacts, name + ".png"), FullPage = true });

    [Fact]
    public async Task Uploading_the_a01_solution_shows_the_grade_arrive_live_with_full_marks()
    {
        await OpenA01Async();
        await page.FillAsync("#student", "s1234567");
        await page.SetInputFilesAsync("#upload", A01("solution/attention.py"));
        await page.ClickAsync("#submit");

        await Expect(page).ToHaveURLAsync(new Regex(@"/submissions/\d+$"));
        var status = page.Locator("#status");
        // A fresh data folder means the reference first computes the goldens: the page is seen before the grade.
        await Expect(status).ToHaveAttributeAsync("data-status", new Regex("^(Queued|Running)$"));
        await ScreenshotAsync("student-submission-waiting");
        var url = page.Url;

        await Expect(status).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
        Assert.Equal(url, page.Url); // the same page, updated in place
        await Expect(page.Locator("#score")).ToHaveTextAsync("Score: 100 / 100");
        var rows = page.Locator("table.results tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        Assert.Equal(await rows.CountAsync(), await page.Locator("table.results tbody tr.passed").CountAsync());
        await Expect(page.Locator("body")).ToContainTextAsync("attention.py for a01-attention, by s1234567");
        await ScreenshotAsync("student-submission-graded");
    }

    [Fact]
    public async Task A_file_that_is_not_python_is_refused_on_the_page_with_the_reason()
    {
        var garbage = Path.Combine(Path.GetTempPath(), $"attention-{Guid.NewGuid():N}.py");
        await File.WriteAllBytesAsync(garbage, [0x00, 0xff, 0xfe, 0x13, 0x37, 0x00], TestContext.Current.CancellationToken);
        try
        {
            await OpenA01Async();
            await page.FillAsync("#student", "s1234567");
            await page.SetInputFilesAsync("#upload", garbage);
            await page.ClickAsync("#submit");

            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("Not accepted:");
            await Expect(alert).ToContainTextAsync("no attempt was used");
            Assert.Contains("/assignments/a01-attention", page.Url);
            await ScreenshotAsync("student-upload-refused");
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
