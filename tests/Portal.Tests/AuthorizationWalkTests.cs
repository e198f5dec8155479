using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Course.Contracts.Manifest;
using Course.Grader.Score;

namespace Course.Portal.Tests;

/// <summary>
/// Every page and endpoint, as an anonymous visitor and as each role: who gets it, who is sent to sign in, who is
/// refused, and that nothing of one student's work reaches another.
/// </summary>
public sealed class AuthorizationWalkTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    // Written into Ada's result; no page another student can open may contain them.
    const string AdaSecret = "ADA-PRIVATE-FEEDBACK-7f3a";
    const string AdaLog = "ADA-PRIVATE-STDOUT-91c2";

    long adaSubmission;

    public async ValueTask InitializeAsync()
    {
        await portal.SeedPeopleAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var existing = db.Submissions.Where(s => s.Student == PortalFactory.Ada).Select(s => s.Id).FirstOrDefault();
        if (existing != 0)
        {
            adaSubmission = existing;
            return;
        }
        var solution = File.ReadAllBytes(Path.Combine(PortalFactory.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"));
        var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
            .SubmitAsync("a01-attention", PortalFactory.Ada, new SubmissionUpload("attention.py", solution));
        adaSubmission = submission.Id;
        db.Results.Add(new GradeResult
        {
            SubmissionId = submission.Id, Score = 90, MaxScore = 100, Summary = "9 of 10 tests passed.",
            LogJson = JsonSerializer.Serialize(new Course.Grader.Score.SandboxLog(AdaLog, "", "", "exited with 0", 0, false, false, 50_000_000)),
            ProvenanceJson = "null", GradedAt = DateTimeOffset.UtcNow,
            Tests = [new TestResultRow { Order = 0, Name = "sdpa_basic", Status = TestOutcome.Failed, Score = 0, MaxScore = 10, Output = AdaSecret, Visibility = Visibility.Visible }],
        });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public enum Access { Ok, SignIn, Forbidden, NotFound }

    const string Anon = "anonymous";
    static readonly string[] Everyone = [Anon, PortalFactory.Ada, PortalFactory.Bea, PortalFactory.Tom, PortalFactory.Ivy];

    /// <summary>Who may open each page: the signed-in roles listed get it, the others are refused, anonymous visitors go to sign in.</summary>
    static readonly (string Path, Func<string, Access> Rule)[] Pages =
    [
        ("/", Signed),
        ("/modules/01-attention", Signed),
        ("/assignments/a01-attention", Signed),
        ("/assignments/a01-attention/starter", Signed),
        ("/assignments/final-phrasebank", Signed),
        ("/assignments/final-phrasebank/data/train.csv", Signed),
        ("/assignments/final-phrasebank/leaderboard", Signed),
        ("/account", Signed),
        ("/account/password", Signed),
        ("/grades", who => Role(who, PortalFactory.Ada, PortalFactory.Bea)),
        ("/queue", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy)),
        ("/submissions", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy)),
        ("/submissions?student=ada&assignment=a01-attention&sort=score", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy)),
        ("/gradebook", who => Role(who, PortalFactory.Ivy)),
        ("/gradebook/a01-attention", who => Role(who, PortalFactory.Ivy)),
        ("/gradebook.csv", who => Role(who, PortalFactory.Ivy)),
        ("/admin/users", who => Role(who, PortalFactory.Ivy)),
        ("/submissions/{ada}", Owner),
        ("/submissions/{ada}/file", Owner),
        ("/submissions/{ada}/log", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy)),
        ("/submissions/{ada}/files/0", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy)),
        // a01 has no rubric in the repository's course: staff find no review page, students may not ask.
        ("/submissions/{ada}/review", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy) is Access.Ok ? Access.NotFound : Role(who)),
        ("/reviews/a01-attention", who => Role(who, PortalFactory.Tom, PortalFactory.Ivy) is Access.Ok ? Access.NotFound : Role(who)),
        ("/gradebook/a01-attention/rubric", who => Role(who, PortalFactory.Ivy) is Access.Ok ? Access.NotFound : Role(who)),
    ];

    static Access Signed(string who) => who == Anon ? Access.SignIn : Access.Ok;

    static Access Role(string who, params string[] allowed) =>
        who == Anon ? Access.SignIn : allowed.Contains(who) ? Access.Ok : Access.Forbidden;

    // Another student's submission is not found rather than forbidden: its existence is not theirs to know.
    static Access Owner(string who) =>
        who == Anon ? Access.SignIn : who == PortalFactory.Bea ? Access.NotFound : Access.Ok;

    public static TheoryData<string> People() => new(Everyone);

    async Task<HttpClient> ClientFor(string who) => who == Anon ? portal.Anonymous() : await portal.SignedInAsync(who);

    [Theory]
    [MemberData(nameof(People))]
    public async Task Every_page_answers_each_role_as_the_rules_say(string who)
    {
        var client = await ClientFor(who);
        var wrong = new List<string>();
        foreach (var (template, rule) in Pages)
        {
            var path = template.Replace("{ada}", adaSubmission.ToString());
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            var got = response.StatusCode switch
            {
                HttpStatusCode.OK => Access.Ok,
                HttpStatusCode.NotFound => Access.NotFound,
                HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/signin") => Access.SignIn,
                HttpStatusCode.Redirect when response.Headers.Location!.OriginalString.Contains("/forbidden") => Access.Forbidden,
                _ => (Access)(-1),
            };
            if (got != rule(who)) wrong.Add($"{path}: expected {rule(who)}, got {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.True(wrong.Count == 0, $"as {who}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Nothing_of_one_students_work_appears_on_any_page_another_student_can_open()
    {
        var bea = await portal.SignedInAsync(PortalFactory.Bea);
        foreach (var (template, rule) in Pages)
        {
            var path = template.Replace("{ada}", adaSubmission.ToString());
            var body = await (await bea.GetAsync(path, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(AdaSecret, body);
            Assert.DoesNotContain(AdaLog, body);
            Assert.DoesNotContain(PortalFactory.Ada, body);
        }
        // Ada herself sees her feedback; the TA sees her log.
        var ada = await portal.SignedInAsync(PortalFactory.Ada);
        Assert.Contains(AdaSecret, await ada.GetStringAsync($"/submissions/{adaSubmission}", TestContext.Current.CancellationToken));
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var log = await tom.GetStringAsync($"/submissions/{adaSubmission}/log", TestContext.Current.CancellationToken);
        Assert.Contains(AdaLog, log);
        Assert.Contains("47.7 MiB", log); // the peak memory, as the harness measured it
    }

    [Fact]
    public async Task The_api_takes_only_live_tokens_and_shows_a_student_only_their_own_submissions()
    {
        var ct = TestContext.Current.CancellationToken;
        string adaToken, beaToken;
        using (var scope = portal.Services.CreateScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CourseUser>>();
            adaToken = (await tokens.IssueAsync((await users.FindByEmailAsync(PortalFactory.Ada))!.Id, "walk", ct)).Token;
            beaToken = (await tokens.IssueAsync((await users.FindByEmailAsync(PortalFactory.Bea))!.Id, "walk", ct)).Token;
        }
        var path = $"/api/submissions/{adaSubmission}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Anonymous().GetAsync(path, ct)).StatusCode);
        // A signed-in browser's cookie is not a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await portal.SignedInAsync(PortalFactory.Ada)).GetAsync(path, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken("cpt_not-a-real-token").GetAsync(path, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await WithToken(beaToken).GetAsync(path, ct)).StatusCode);

        var own = await WithToken(adaToken).GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var json = JsonDocument.Parse(await own.Content.ReadAsStringAsync(ct));
        Assert.Equal("a01-attention", json.RootElement.GetProperty("assignment").GetString());
        Assert.Equal(90, json.RootElement.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = portal.Services.CreateScope();
        var (tokens, adaId, token, record) = await IssueAsync(scope, PortalFactory.Ada, "to revoke");
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync($"/api/submissions/{adaSubmission}", ct)).StatusCode);
        Assert.True(await tokens.RevokeAsync(adaId, record.Id, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync($"/api/submissions/{adaSubmission}", ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_speaks_for_its_owners_roles_and_records_its_last_use()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = portal.Services.CreateScope();
        var (tokens, tomId, token, record) = await IssueAsync(scope, PortalFactory.Tom, "ta laptop");
        Assert.Null((await tokens.ListAsync(tomId, ct)).Single(t => t.Id == record.Id).LastUsedAt);

        // A TA's token reads any student's submission (staff) but cannot submit (not a student).
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync($"/api/submissions/{adaSubmission}", ct)).StatusCode);
        using var form = new MultipartFormDataContent { { new StringContent("a01-attention"), "assignment" } };
        var submit = await WithToken(token).PostAsync("/api/submissions", form, ct);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Contains("only students submit work", await submit.Content.ReadAsStringAsync(ct));

        // Noted on the request, written by the portal's background writer within a second; flushed here not to wait.
        await portal.Services.GetRequiredService<ApiTokenUses>().FlushAsync(ct);
        Assert.NotNull((await tokens.ListAsync(tomId, ct)).Single(t => t.Id == record.Id).LastUsedAt);
    }

    [Fact]
    public async Task A_tokens_last_use_reaches_the_database_without_the_call_waiting_for_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = portal.Services.CreateScope();
        var (tokens, adaId, token, record) = await IssueAsync(scope, PortalFactory.Ada, "polling script");
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync($"/api/submissions/{adaSubmission}", ct)).StatusCode);

        // No flush here: the portal's own writer, once a second.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        DateTimeOffset? lastUse = null;
        while (lastUse is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
            lastUse = (await tokens.ListAsync(adaId, ct)).Single(t => t.Id == record.Id).LastUsedAt;
        }
        Assert.NotNull(lastUse);
    }

    /// <summary>A new API token for the user with that email, and the token service of the scope it was issued in.</summary>
    static async Task<(ApiTokens Tokens, string UserId, string Token, ApiToken Record)> IssueAsync(IServiceScope scope, string email, string name)
    {
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CourseUser>>();
        var userId = (await users.FindByEmailAsync(email))!.Id;
        var (token, record) = await tokens.IssueAsync(userId, name, TestContext.Current.CancellationToken);
        return (tokens, userId, token, record);
    }

    HttpClient WithToken(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
