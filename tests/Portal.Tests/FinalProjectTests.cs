using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Course.Contracts.Manifest;
using Course.Gradebook.Accounts;
using Course.Gradebook.Data;
using Course.Gradebook.Reads;
using Course.Grader.Data;
using Course.Grader.Score;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>
/// The final project in the portal: its data downloads (never the labels), uploads refused before they cost an
/// attempt, the leaderboard (public part while open, private after every due date, names only by choice).
/// </summary>
public sealed class FinalProjectTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Id = "final-phrasebank";

    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Labels => File.ReadAllText(Path.Combine(PortalFactory.RepoRoot, "trusted", Id, "test_labels.csv"));

    [Fact]
    public async Task The_listed_data_files_download_and_nothing_else_does()
    {
        var client = await portal.SignedInAsync(PortalFactory.Ada);
        var page = await client.GetStringAsync($"/assignments/{Id}", Ct);
        foreach (var file in new[] { "train.csv", "validation.csv", "test.csv", "License.txt", "README.txt", "PROVENANCE.md" })
        {
            Assert.Contains($"assignments/{Id}/data/{file}", page);
            var response = await client.GetAsync($"/assignments/{Id}/data/{file}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var test = await client.GetStringAsync($"/assignments/{Id}/data/test.csv", Ct);
        Assert.StartsWith("id,sentence\n", test);
        foreach (var refused in new[] { "test_labels.csv", "baseline_test_predictions.csv", "Sentences_50Agree.txt", "split.json",
                     "..%2F..%2F..%2Ftrusted%2Ffinal-phrasebank%2Ftest_labels.csv", "assignment.yaml" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/assignments/{Id}/data/{refused}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/assignments/{Id}/data/..%2F..%2F..%2Ftrusted%2F{Id}%2Ftest_labels.csv", Ct)).StatusCode);
    }

    [Fact]
    public async Task No_page_or_file_a_student_can_open_holds_a_test_label()
    {
        var truth = Labels.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(r => $"{r[0]},{r[1]}").ToList();
        var client = await portal.SignedInAsync(PortalFactory.Ada);
        foreach (var url in new[] { $"/assignments/{Id}", $"/assignments/{Id}/starter", $"/assignments/{Id}/leaderboard", "/", "/grades",
                     $"/assignments/{Id}/data/test.csv", $"/assignments/{Id}/data/train.csv", $"/assignments/{Id}/data/validation.csv" })
        {
            var response = await client.GetAsync(url, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain(truth, body.Contains);
        }
    }

    [Fact]
    public async Task A_malformed_predictions_file_is_refused_naming_its_line_and_uses_no_attempt()
    {
        var client = await TokenClientAsync(PortalFactory.Bea);
        var before = await CountAsync(PortalFactory.Bea);
        var good = "id,label\n" + string.Concat(Labels.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0] + ",neutral\n"));
        var cases = new Dictionary<string, string>
        {
            [good.Replace("test_0002,neutral\n", "test_0002;neutral\n")] = "line 3 separates its fields with semicolons",
            [good.Replace("test_0002,neutral\n", "test_0002,Neutral\n")] = "line 3: `Neutral` for test_0002 is not a label",
            [good + "test_0002,neutral\n"] = "is predicted twice",
            [good.Replace("test_0002,neutral\n", "")] = "the first being test_0002",
        };
        foreach (var (csv, expected) in cases)
        {
            var response = await client.PostAsync("/api/submissions", Form(Zip(csv)), Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains(expected, text);
            Assert.Contains("no attempt was used", text);
        }
        var latin1 = await client.PostAsync("/api/submissions", Form(Zip(good.Replace("test_0003,neutral", "test_0003,n\u00e9utral"), Encoding.Latin1)), Ct);
        Assert.Contains("line 4 is not UTF-8", await latin1.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountAsync(PortalFactory.Bea));

        var accepted = await client.PostAsync("/api/submissions", Form(Zip(good)), Ct);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task The_leaderboard_ranks_best_public_scores_while_open_and_private_ones_once_closed()
    {
        using var scope = portal.Services.CreateScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<CourseUser>>();
        await services.GetRequiredService<LeaderboardNames>().SetAsync((await users.FindByEmailAsync(PortalFactory.Ada))!, "Countess of Lovelace");
        await AddGradedAsync(services, PortalFactory.Ada, 0.71, 0.80);
        await AddGradedAsync(services, PortalFactory.Ada, 0.75, 0.70);
        await AddGradedAsync(services, PortalFactory.Bea, 0.78, 0.60);

        var page = await (await portal.SignedInAsync(PortalFactory.Bea)).GetStringAsync($"/assignments/{Id}/leaderboard", Ct);
        Assert.Contains("best macro-F1 on the <strong>public</strong> part", page);
        var bea = page.IndexOf("anonymous (you)", StringComparison.Ordinal);
        var ada = page.IndexOf("Countess of Lovelace", StringComparison.Ordinal);
        Assert.True(bea > 0 && ada > bea, "Bea (0.78) ranks above Ada (best public 0.75)");
        Assert.Contains("0.7500", page);
        Assert.DoesNotContain("0.8000", page);

        var catalog = services.GetRequiredService<AssignmentCatalog>();
        var due = catalog.Get(Id).Manifest.Due;
        LeaderboardReads At(DateTimeOffset now) => new(services.GetRequiredService<GradingDbContext>(), services.GetRequiredService<CourseDbContext>(), catalog, new FixedClock(now));
        var closed = (await At(due.AddMinutes(1)).BuildAsync(Id, PortalFactory.Ada, Ct))!;
        Assert.Equal(TestPart.Private, closed.Part);
        Assert.Equal([("Countess of Lovelace", 0.80, true), (null, 0.60, false)], closed.Rows.Select(r => (r.Name, r.MacroF1, r.IsViewer)));
        // An extension keeps the private standings closed until it too has passed.
        await services.GetRequiredService<Course.Gradebook.Grades.GradebookService>()
            .ExtendAsync(PortalFactory.Bea, Id, due.AddDays(2), "illness", PortalFactory.Ivy, Ct);
        Assert.Equal(TestPart.Public, (await At(due.AddDays(1)).BuildAsync(Id, null, Ct))!.Part);
        Assert.Equal(TestPart.Private, (await At(due.AddDays(2)).BuildAsync(Id, null, Ct))!.Part);
    }

    [Fact]
    public async Task A_student_chooses_and_clears_a_leaderboard_name_on_the_account_page()
    {
        var client = await portal.SignedInAsync(PortalFactory.Bea);
        var saved = await PortalFactory.PostFormAsync(client, "/account", "leaderboard-name", new() { ["leaderboard-name"] = "  Bea B.  " });
        Assert.Contains("Leaderboards show you as Bea B.", await saved.Content.ReadAsStringAsync(Ct));
        var cleared = await PortalFactory.PostFormAsync(client, "/account", "leaderboard-name", new() { ["leaderboard-name"] = "" });
        Assert.Contains("Leaderboards do not show your name.", await cleared.Content.ReadAsStringAsync(Ct));
        using var scope = portal.Services.CreateScope();
        var names = scope.ServiceProvider.GetRequiredService<LeaderboardNames>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
        await names.SetAsync((await users.FindByEmailAsync(PortalFactory.Ada))!, "Same Name");
        var e = await Assert.ThrowsAsync<AccountException>(() => names.SetAsync(users.Users.Single(u => u.Email == PortalFactory.Bea), "same name"));
        Assert.Contains("another student shows as", e.Message);
        await Assert.ThrowsAsync<AccountException>(() => names.SetAsync(users.Users.Single(u => u.Email == PortalFactory.Bea), "evil\u202Eeman"));
    }

    async Task<int> CountAsync(string student)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GradingDbContext>().Submissions.CountAsync(s => s.AssignmentId == Id && s.Student == student, Ct);
    }

    static async Task AddGradedAsync(IServiceProvider services, string student, double publicF1, double privateF1)
    {
        var db = services.GetRequiredService<GradingDbContext>();
        var submission = new Submission { AssignmentId = Id, Student = student, FileName = "project.zip", ContentHash = "none", SubmittedAt = DateTimeOffset.UtcNow };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(Ct);
        db.Results.Add(new GradeResult
        {
            SubmissionId = submission.Id, Score = 10, MaxScore = 70, Summary = "scored", LogJson = "{}", ProvenanceJson = "null",
            Tests =
            [
                new TestResultRow { Order = 0, Name = "public_macro_f1", Status = TestOutcome.Passed, Score = 5, MaxScore = 20, Output = "", Visibility = Visibility.Visible, Metric = publicF1 },
                new TestResultRow { Order = 1, Name = "private_macro_f1", Status = TestOutcome.Passed, Score = 5, MaxScore = 50, Output = "", Visibility = Visibility.AfterDue, Metric = privateF1 },
            ],
        });
        await db.SaveChangesAsync(Ct);
    }

    async Task<HttpClient> TokenClientAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
        var token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync((await users.FindByEmailAsync(email))!.Id, "project", Ct)).Token;
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static byte[] Zip(string predictions, Encoding? encoding = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in new[] { ("predictions.csv", (encoding ?? Encoding.UTF8).GetBytes(predictions)),
                         ("finetune.ipynb", "{}"u8.ToArray()), ("report.md", "# Report\n"u8.ToArray()) })
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    static MultipartFormDataContent Form(byte[] zip) => new()
    {
        { new StringContent(Id), "assignment" },
        { new ByteArrayContent(zip), "file", "project.zip" },
    };

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
