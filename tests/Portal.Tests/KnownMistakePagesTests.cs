using System.Text.Json;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>A known mistake, as the student reads it on the submission page and the instructor counts it on the statistics page.</summary>
public sealed class KnownMistakePagesTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Hint = "the scores look unscaled: are they divided by √d, the size of a query?";
    long submission;

    public async ValueTask InitializeAsync()
    {
        await portal.SeedPeopleAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        // Each test gets a new instance of this class, and the portal (with its store) is shared: seed once.
        submission = db.Submissions.Where(s => s.Student == PortalFactory.Bea && s.AssignmentId == "a01-attention").Select(s => s.Id).FirstOrDefault();
        if (submission != 0) return;
        var starter = File.ReadAllBytes(Path.Combine(PortalFactory.RepoRoot, "assignments", "a01-attention", "starter", "attention.py"));
        submission = (await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
            .SubmitAsync("a01-attention", PortalFactory.Bea, new SubmissionUpload("attention.py", starter))).Id;
        db.Results.Add(new GradeResult
        {
            SubmissionId = submission, Score = 0, MaxScore = 100, Summary = "0 of 10 tests passed.",
            LogJson = JsonSerializer.Serialize(new SandboxLog("", "", "", "exited normally", 0, false, false)),
            ProvenanceJson = "null", GradedAt = DateTimeOffset.UtcNow, MistakeName = "no_scaling", MistakeHint = Hint,
            Tests = [new TestResultRow { Order = 0, Name = "sdpa_basic", Status = TestOutcome.Failed, Score = 0, MaxScore = 10, Output = "output: differs", Visibility = Visibility.Visible }],
        });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_student_reads_the_hint_above_the_test_results()
    {
        var bea = await portal.SignedInAsync(PortalFactory.Bea);
        var page = await bea.GetStringAsync($"/submissions/{submission}", TestContext.Current.CancellationToken);

        Assert.Contains("This matches a known mistake:", page);
        Assert.Contains(Hint, System.Net.WebUtility.HtmlDecode(page));
        Assert.True(page.IndexOf("known-mistake", StringComparison.Ordinal) < page.IndexOf("sdpa_basic", StringComparison.Ordinal));
        // Each test says what it checks, from the manifest.
        Assert.Contains("Two sequences, no mask, float64.", System.Net.WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task The_instructor_sees_how_many_submissions_matched_each_known_mistake()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        var page = await ivy.GetStringAsync("/gradebook/a01-attention", TestContext.Current.CancellationToken);

        Assert.Contains("Known mistakes", page);
        Assert.Matches(@"<tr data-mistake=""no_scaling""><td>[^<]*</td><td>[^<]*</td><td>1</td><td>1</td></tr>", page);
        Assert.Matches(@"<tr data-mistake=""no_output_bias""><td>[^<]*</td><td>[^<]*</td><td>0</td><td>0</td></tr>", page);
        Assert.Contains(@"data-mistake=""no_scaling"" data-submissions=""1""", page);
    }
}
