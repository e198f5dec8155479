using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// Each role walks every page it can reach, on a phone and on a desktop: the links crawled from the home page and the
/// navigation, plus the pages that need data (a graded submission, its log, a project's review, the rubric). New
/// pages are found by the crawl, so they are checked without being listed here.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EveryPageTests(PortalServer portal, Chromium chromium)
{
    const int MaxPages = 150;

    /// <summary>Two submissions of the student's, made once for every role's walk: a graded a01 and a graded final project.</summary>
    static Task<(string A01, string Project)>? submissions;

    async Task<(string A01, string Project)> SubmitOnceAsync()
    {
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        async Task<string> GradedAsync(string assignment, string file)
        {
            await Browser.UploadAsync(page, assignment, file);
            await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
            return new Uri(page.Url).AbsolutePath.TrimStart('/');
        }
        var a01 = await GradedAsync("a01-attention", Browser.A01("solution/attention.py"));
        var project = await GradedAsync("final-phrasebank", RubricJourneyTests.ProjectZip());
        await page.Context.DisposeAsync();
        return (a01, project);
    }

    /// <summary>
    /// The student walks every page; staff, who see the same statements and modules, walk up to three pages of each
    /// kind (same first segment and depth, e.g. <c>gradebook/{id}</c>), which keeps the walk to minutes.
    /// </summary>
    [Theory]
    [InlineData(PortalServer.Student, int.MaxValue)]
    [InlineData(PortalServer.Ta, 3)]
    [InlineData(PortalServer.Instructor, 3)]
    public async Task Every_page_fits_a_phone_and_has_no_serious_accessibility_violation(string email, int perKind)
    {
        var (a01, project) = await (submissions ??= SubmitOnceAsync());
        var page = await Browser.SignedInPageAsync(chromium, portal, email);
        await page.SetViewportSizeAsync(Browser.Phone.Width, Browser.Phone.Height);
        try
        {
            await TheMenuAndTheSkipLinkWorkAsync(page);
            string[] needData = [a01, $"{a01}/log", project, $"{project}/log", $"{project}/review", "grades", "account", "queue",
                "gradebook", "gradebook/a01-attention", "gradebook/final-phrasebank/rubric", "reviews/final-phrasebank",
                "assignments/final-phrasebank/leaderboard", "admin/users"];
            var (walked, problems) = await WalkAsync(page, ["", .. needData], perKind);

            Assert.True(walked.Count >= needData.Length + 5, $"only {walked.Count} pages walked: {string.Join(", ", walked)}");
            Assert.True(problems.Count == 0, $"{problems.Count} problems on {walked.Count} pages:\n{string.Join("\n", problems)}");
        }
        finally
        {
            await page.Context.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_sign_in_page_fits_a_phone_and_has_no_serious_accessibility_violation()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(Browser.Phone.Width, Browser.Phone.Height);
        try
        {
            var (_, problems) = await WalkAsync(page, ["signin"], perKind: 0);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            await Browser.ScreenshotAsync(page, "signin");
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>On a phone the navigation hides behind a "Menu" button that opens it; on a desktop it is simply there.</summary>
    static async Task TheMenuAndTheSkipLinkWorkAsync(IPage page)
    {
        await page.GotoAsync("");
        var modules = page.Locator("header nav a", new() { HasText = "Modules" });
        await Expect(modules).ToBeHiddenAsync();
        await page.Locator("header details.menu summary").ClickAsync();
        await Expect(modules).ToBeVisibleAsync();
        await Expect(modules).ToHaveAttributeAsync("aria-current", "page");
        await Browser.ScreenshotAsync(page, "menu-open");
        await page.SetViewportSizeAsync(1280, 800);
        await page.ReloadAsync();
        await Expect(modules).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(Browser.Phone.Width, Browser.Phone.Height);

        // The skip link (the first link of every page, PageChecks.LandmarksAsync) shows when focused, stays on this
        // page and moves focus on to its content. Blazor focuses the <h1> on arrival, so it is focused here directly.
        await page.GotoAsync("account");
        await page.Locator("a.skip-link").FocusAsync();
        await Expect(page.Locator("a.skip-link")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/account#main$"));
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
    }

    /// <summary>
    /// Breadth first from the given pages over same-origin links, skipping signing out and what is not a page (files,
    /// downloads, CSV, the API); every page is checked at phone width, then axe runs again on a desktop.
    /// </summary>
    async Task<(List<string> Walked, List<string> Problems)> WalkAsync(IPage page, string[] start, int perKind)
    {
        var crawl = perKind > 0;
        var queue = new Queue<Uri>(start.Select(s => new Uri(portal.BaseUrl, s)));
        var seen = new HashSet<string>(queue.Select(u => u.AbsoluteUri));
        var kinds = new Dictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var walked = new List<string>();
        var problems = new List<string>();
        var markedCurrent = false;
        while (queue.TryDequeue(out var url) && walked.Count < MaxPages)
        {
            var response = await page.GotoAsync(url.AbsoluteUri);
            if (response is { Status: >= 500 }) problems.Add($"{url}: answered {response.Status}");
            walked.Add(new Uri(page.Url).PathAndQuery);

            var fits = await PageChecks.FitsAPhoneAsync(page);
            if (fits.Count > 0) await page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.Artifacts, $"too-wide-{walked.Count}.png"), FullPage = true });
            problems.AddRange(fits);
            problems.AddRange(await PageChecks.TapTargetsAsync(page));
            var (landmarks, marked) = await PageChecks.LandmarksAsync(page);
            problems.AddRange(landmarks);
            markedCurrent |= marked;
            problems.AddRange(await PageChecks.AccessibleAsync(page, Browser.Phone.Width));
            await page.SetViewportSizeAsync(1280, 800);
            problems.AddRange(await PageChecks.AccessibleAsync(page, 1280));
            await page.SetViewportSizeAsync(Browser.Phone.Width, Browser.Phone.Height);

            if (!crawl) continue;
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "as => as.filter(a => !a.hasAttribute('download')).map(a => a.href)");
            foreach (var link in links.Select(l => new Uri(l)))
            {
                var target = new UriBuilder(link) { Fragment = "" }.Uri;
                if (target.GetLeftPart(UriPartial.Authority) != portal.BaseUrl.GetLeftPart(UriPartial.Authority) || !IsAPage(target.AbsolutePath)) continue;
                var kind = $"{target.Segments.ElementAtOrDefault(1)}{target.Segments.Length}";
                if (seen.Contains(target.AbsoluteUri) || kinds.GetValueOrDefault(kind) >= perKind) continue;
                seen.Add(target.AbsoluteUri);
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                queue.Enqueue(target);
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"walked {walked.Count} pages in {clock.Elapsed.TotalSeconds:0} s: {string.Join(" ", walked)}");
        if (crawl && !markedCurrent) problems.Add("no page marked its navigation link as the current page");
        return (walked, problems);
    }

    static bool IsAPage(string path) =>
        !(path is "/signout" || path.StartsWith("/api/") || path.EndsWith(".csv") || path.EndsWith("/file") || path.Contains("/files/")
          || path.EndsWith("/starter") || path.Contains("/data/") || Path.HasExtension(path));
}
