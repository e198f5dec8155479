using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>A TA reading a submission's sandbox log, and an instructor running the gradebook, in a real browser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StaffTests(PortalServer portal, Chromium chromium)
{
    /// <summary>A graded a01 submission of the student's, made through the browser; its page's address.</summary>
    async Task<string> GradedSubmissionAsync()
    {
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        await Browser.UploadAsync(page, "a01-attention", Browser.A01("solution/attention.py"));
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
        var path = new Uri(page.Url).AbsolutePath.TrimStart('/');
        await page.Context.DisposeAsync();
        return path;
    }

    [Fact]
    public async Task A_ta_opens_a_submissions_sandbox_log_from_the_queue()
    {
        var submission = await GradedSubmissionAsync();
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Ta);

        await page.GotoAsync("queue");
        var row = page.Locator($"tr[data-submission='{submission.Split('/')[1]}']");
        await Expect(row).ToContainTextAsync(PortalServer.Student);
        await Browser.ScreenshotAsync(page, "ta-queue");
        await row.GetByRole(AriaRole.Link, new() { Name = "log" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/{submission}/log$"));
        await Expect(page.Locator("#log-ending")).ToContainTextAsync("exited normally");
        await Expect(page.Locator("#log-exit")).ToHaveTextAsync("0");
        await Expect(page.Locator("#log-memory")).ToContainTextAsync("MiB");
        await Expect(page.Locator("#log-time")).ToContainTextAsync("sandbox");
        await Expect(page.Locator("table.results tbody tr.passed")).ToHaveCountAsync(10); // hidden tests included
        await Browser.ScreenshotAsync(page, "ta-sandbox-log");

        // The student's own file downloads for the TA.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#file-link"));
        Assert.Equal(File.ReadAllText(Browser.A01("solution/attention.py")), File.ReadAllText(await download.PathAsync()));
        await page.Context.DisposeAsync();
    }

    [Fact]
    public async Task An_instructor_overrides_a_grade_with_a_reason_and_exports_the_gradebook()
    {
        await GradedSubmissionAsync();
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Instructor);

        await page.GotoAsync("gradebook");
        var row = page.Locator($"#gradebook tr[data-student='{PortalServer.Student}']");
        await Expect(row.Locator("td[data-assignment=a01-attention]")).ToContainTextAsync("100");
        await Browser.ScreenshotAsync(page, "instructor-gradebook");

        var form = page.Locator("#override-form");
        await form.Locator("select[name=student]").SelectOptionAsync(PortalServer.Student);
        await form.Locator("select[name=assignment]").SelectOptionAsync("a02-transformer");
        await form.Locator("input[name=points]").FillAsync("64.5");
        await form.Locator("input[name=reason]").FillAsync("oral exam instead of the upload");
        await form.Locator("#override").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("now has 64.5 on a02-transformer");
        await Expect(page.Locator("#audit")).ToContainTextAsync("oral exam instead of the upload");
        await Expect(row.Locator("td[data-assignment=a02-transformer]")).ToContainTextAsync("64.5");
        await Browser.ScreenshotAsync(page, "instructor-override");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var lines = File.ReadAllLines(await download.PathAsync());
        var header = lines[0].Split(',');
        var student = lines.Single(l => l.StartsWith(PortalServer.Student + ",")).Split(',');
        Assert.Equal(header.Length, student.Length);
        Assert.Equal("Sam Student", student[Array.IndexOf(header, "Name")]);
        Assert.Equal("100", student[Array.IndexOf(header, "a01-attention (100)")]);
        Assert.Equal("64.5", student[Array.IndexOf(header, "a02-transformer (100)")]);
        File.Copy(await download.PathAsync(), Path.Combine(PortalServer.Artifacts, "gradebook.csv"), overwrite: true);

        await page.GotoAsync("gradebook/a01-attention");
        await Expect(page.Locator("#histogram rect.bar[data-count='1']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "instructor-chart");
        await page.Context.DisposeAsync();
    }
}
