using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// The final project in a real browser: a student chooses a leaderboard name, uploads a project zip, sees it scored on
/// the public part (the private part hidden until the due date) and finds their row on the leaderboard.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LeaderboardTests(PortalServer portal, Chromium chromium)
{
    [Fact]
    public async Task A_student_with_a_leaderboard_name_submits_predictions_and_finds_their_row()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"project-{Guid.NewGuid():N}.zip");
        // A perfect file, made here from the grader's labels: the test stands where only the grader may.
        var labels = File.ReadAllLines(Path.Combine(PortalServer.RepoRoot, "trusted", "final-phrasebank", "test_labels.csv")).Skip(1).Select(l => l.Split(','));
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            foreach (var (name, text) in new[] { ("predictions.csv", "id,label\n" + string.Concat(labels.Select(r => $"{r[0]},{r[1]}\n"))),
                         ("finetune.ipynb", "{}"), ("report.md", "# Report\n") })
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        var page = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        try
        {
            await page.GotoAsync("account");
            await page.FillAsync("#leaderboard-name", "Sam the Quant");
            await page.ClickAsync("#save-leaderboard-name");
            await Expect(page.Locator("#leaderboard-name-notice")).ToHaveTextAsync("Leaderboards show you as Sam the Quant.");

            await Browser.UploadAsync(page, "final-phrasebank", zip);
            await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 60_000 });
            await Expect(page.Locator("#score")).ToHaveTextAsync("Score: 70 / 70");
            var rows = page.Locator("table.results tbody tr");
            await Expect(rows).ToHaveCountAsync(1); // the private part is after the due date
            await Expect(rows.First).ToContainTextAsync("macro-F1 1.0000 on the public part");
            await Expect(rows.First).ToContainTextAsync("confusion matrix");
            await Browser.ScreenshotAsync(page, "project-graded");

            await page.GotoAsync("assignments/final-phrasebank");
            await page.ClickAsync("#leaderboard-link");
            await Expect(page.Locator("#leaderboard-rule")).ToContainTextAsync("public part of the test set");
            var mine = page.Locator("#leaderboard tbody tr.viewer");
            await Expect(mine).ToContainTextAsync("Sam the Quant (you)");
            await Expect(mine).ToContainTextAsync("1.0000");
            await Browser.ScreenshotAsync(page, "project-leaderboard");
        }
        finally
        {
            File.Delete(zip);
            await page.Context.DisposeAsync();
        }
    }
}
