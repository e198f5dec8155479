using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// An instructor overriding a grade in the gradebook's own cell, then reading the assignment's pass rates: a14, whose
/// test names are the course's longest, after a student's failing first attempt and passing second.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GradebookJourneyTests(PortalServer portal, Chromium chromium)
{
    const string Assignment = "a14-interpretation";
    static string A14(string relative) => Path.Combine(PortalServer.RepoRoot, "assignments", Assignment, relative);

    [Fact]
    public async Task An_instructor_edits_a_cell_in_place_and_reads_pass_rates_over_first_and_all_attempts()
    {
        var student = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        foreach (var file in new[] { "starter/interpret.py", "solution/interpret.py" })
        {
            await Browser.UploadAsync(student, Assignment, A14(file));
            await Expect(student.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 300_000 });
        }
        var solution = new Uri(student.Url).AbsolutePath.TrimStart('/');
        await student.Context.DisposeAsync();

        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Instructor);
        await page.GotoAsync("gradebook");
        var cell = page.Locator($"#gradebook tr[data-student='{PortalServer.Student}'] td[data-assignment={Assignment}]");
        await Expect(cell.Locator("a.score")).ToHaveAttributeAsync("href", solution);
        await cell.GetByRole(AriaRole.Link, new() { Name = $"edit the grade of Sam Student on {Assignment}" }).ClickAsync();

        // The form opens in the cell; the service's checks answer there, keeping what was typed.
        var form = cell.Locator("form#cell-edit");
        await Expect(form).ToBeVisibleAsync();
        await form.GetByLabel("Points").FillAsync("90");
        await form.GetByLabel("Reason").FillAsync("   ");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not done: give a reason");
        await Expect(form.GetByLabel("Points")).ToHaveValueAsync("90");
        await form.ScrollIntoViewIfNeededAsync(); // the grid scrolls sideways inside its box
        await Browser.ScreenshotAsync(page, "gradebook-cell-edit");

        const string reason = "graded by hand after the oral exam";
        await form.GetByLabel("Reason").FillAsync(reason);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"now has 90 on {Assignment}");
        await Expect(page.Locator("#cell-edit")).ToHaveCountAsync(0);
        await Expect(cell.Locator("a.score")).ToHaveTextAsync("90");
        await Expect(cell.Locator("a.score")).ToHaveAttributeAsync("href", solution); // still the counted submission
        await Expect(cell.Locator(".marker")).ToHaveTextAsync("override");
        await Expect(cell.Locator(".why")).ToHaveTextAsync(reason);
        await Expect(cell.Locator(".graded")).ToHaveTextAsync("graded 100");
        await Expect(page.Locator("#audit")).ToContainTextAsync(reason);
        await cell.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "gradebook-cell-overridden");

        // Every test failed in the student's first attempt (the starter) and passed in the second.
        await page.GotoAsync($"gradebook/{Assignment}");
        var rows = page.Locator("#pass-rates tbody tr");
        var tests = await rows.CountAsync();
        Assert.True(tests >= 8, $"a14 has {tests} tests in the chart");
        await Expect(page.Locator("#pass-rates td.rate.first[data-passed='0'][data-attempts='1']")).ToHaveCountAsync(tests);
        await Expect(page.Locator("#pass-rates td.rate.all[data-passed='1'][data-attempts='2']")).ToHaveCountAsync(tests);
        await Expect(page.Locator("#pass-rate-legend")).ToContainTextAsync("first attempts");
        await Expect(page.Locator("#pass-rates tbody tr").First.Locator("td.rate.all")).ToContainTextAsync("50%");
        await AssertLabelsDoNotOverlapAsync(page);
        await Browser.ScreenshotAsync(page, "pass-rates");

        // On a phone the names wrap in their column, and still run into nothing.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await AssertLabelsDoNotOverlapAsync(page);
        await page.SetViewportSizeAsync(1280, 720);

        // An assignment nobody has handed in says so instead of drawing empty bars.
        await page.GotoAsync("gradebook/a15-scaling");
        await Expect(page.Locator("#no-submissions")).ToContainTextAsync("No submission of this assignment has been graded yet");
        await Expect(page.Locator("#no-grades")).ToBeVisibleAsync();
        await page.Context.DisposeAsync();
    }

    /// <summary>No test name's box meets another's or a bar's, and no name spills out of its cell.</summary>
    static async Task AssertLabelsDoNotOverlapAsync(IPage page)
    {
        var names = await page.Locator("#pass-rates th.test-name").AllAsync();
        var boxes = new List<(string What, LocatorBoundingBoxResult Box)>();
        foreach (var name in names)
        {
            var text = name.Locator("span");
            var (cellBox, textBox) = ((await name.BoundingBoxAsync())!, (await text.BoundingBoxAsync())!);
            Assert.True(textBox.X + textBox.Width <= cellBox.X + cellBox.Width + 0.5, $"'{await text.TextContentAsync()}' spills out of its cell");
            boxes.Add((await text.TextContentAsync() ?? "", textBox));
        }
        foreach (var bar in await page.Locator("#pass-rates td.rate svg.bar").AllAsync())
            boxes.Add((await bar.GetAttributeAsync("aria-label") ?? "", (await bar.BoundingBoxAsync())!));
        Assert.True(boxes.Count >= 3 * names.Count);
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(Intersect(boxes[i].Box, boxes[j].Box), $"'{boxes[i].What}' overlaps '{boxes[j].What}'");
    }

    // Touching edges (sub-pixel) are not an overlap.
    static bool Intersect(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X + 0.5 < b.X + b.Width && b.X + 0.5 < a.X + a.Width && a.Y + 0.5 < b.Y + b.Height && b.Y + 0.5 < a.Y + a.Height;
}
