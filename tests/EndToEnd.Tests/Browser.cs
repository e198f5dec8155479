using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>What every journey does in the browser: sign in through the form, upload, take screenshots.</summary>
public static class Browser
{
    public static async Task<IPage> SignedInPageAsync(Chromium chromium, PortalServer portal, string email)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl.ToString(), AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("signin");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalServer.Password);
        await page.ClickAsync("#signin");
        await Expect(page.Locator("#whoami")).ToHaveTextAsync(email);
        return page;
    }

    /// <summary>Uploads a file on an assignment's page and waits for the submission's own page.</summary>
    public static async Task UploadAsync(IPage page, string assignment, string file)
    {
        await page.GotoAsync($"assignments/{assignment}");
        await page.SetInputFilesAsync("#upload", file);
        await page.ClickAsync("#submit");
        await Expect(page).ToHaveURLAsync(new Regex(@"/submissions/\d+$"));
    }

    /// <summary>A desktop and a phone, as <c>name-1280.png</c> and <c>name-390.png</c>; the page keeps its own viewport after.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var before = page.ViewportSize;
        foreach (var (width, height) in new[] { (1280, 800), (Phone.Width, Phone.Height) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.Artifacts, $"{name}-{width}.png"), FullPage = true });
        }
        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
    }

    /// <summary>The narrowest screen every page must fit without scrolling sideways.</summary>
    public static readonly (int Width, int Height) Phone = (390, 844);

    public static string A01(string relative) => Path.Combine(PortalServer.RepoRoot, "assignments", "a01-attention", relative);
}
