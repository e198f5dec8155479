using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Course.Gradebook.Accounts;
using Course.Gradebook.Data;
using Course.Grader.Data;
using Course.Grader.Submissions;
using Course.Portal.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>An instructor changes roles and deactivates accounts on People: the effect is immediate, audited, and keeps the work.</summary>
public sealed class PeopleTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    async Task AddAsync(string email, string role)
    {
        using var scope = portal.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, role, PortalFactory.Password);
    }

    /// <summary>Posts one of the forms in the row of <paramref name="email"/> on People, as the instructor.</summary>
    static async Task<string> PostInRowAsync(HttpClient instructor, string email, string formPrefix, Dictionary<string, string> fields)
    {
        var page = await instructor.GetStringAsync("/admin/users");
        var row = Regex.Match(page, $"<tr data-email=\"{Regex.Escape(email)}\"[^>]*>.*?</tr>", RegexOptions.Singleline).Value;
        var handler = Regex.Match(row, $"name=\"_handler\" value=\"({formPrefix}-[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(handler);
        var response = await PortalFactory.PostFormAsync(instructor, "/admin/users", handler, fields);
        return WebUtility.HtmlDecode(Regex.Match(await response.Content.ReadAsStringAsync(), "id=\"people-message\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);
    }

    async Task<List<AuditEntry>> AuditOfAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CourseDbContext>().AuditLog.Where(a => a.Student == email).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_new_role_takes_effect_at_the_users_next_request_and_is_audited()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "ta.to.student@uni.example";
        await AddAsync(email, CourseRoles.TA);
        var user = await portal.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/queue", ct)).StatusCode);

        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        Assert.Equal($"{email} now has the role Student.", await PostInRowAsync(ivy, email, "role", new() { ["role"] = "Student" }));

        var queue = await user.GetAsync("/queue", ct);
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.Contains("/forbidden", queue.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/grades", ct)).StatusCode);
        var audit = Assert.Single(await AuditOfAsync(email));
        Assert.Equal((PortalFactory.Ivy, "role", "TA → Student"), (audit.Actor, audit.Action, audit.Detail));
    }

    [Fact]
    public async Task The_last_active_instructor_can_be_neither_demoted_nor_deactivated()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        Assert.Contains("last active instructor", await PostInRowAsync(ivy, PortalFactory.Ivy, "role", new() { ["role"] = "TA" }));
        Assert.Contains("cannot deactivate your own account", await PostInRowAsync(ivy, PortalFactory.Ivy, "deactivate", new() { ["confirm"] = "yes" }));
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var refused = await Assert.ThrowsAsync<AccountException>(() => admin.DeactivateAsync(PortalFactory.Ivy, "someone.else@uni.example"));
        Assert.Contains("last active instructor", refused.Message);
        Assert.Equal(HttpStatusCode.OK, (await ivy.GetAsync("/admin/users", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Empty(await AuditOfAsync(PortalFactory.Ivy));
    }

    [Fact]
    public async Task A_deactivated_user_is_cut_off_refused_at_sign_in_and_on_the_api_and_their_work_is_kept_until_reactivated()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "leaving@uni.example";
        await AddAsync(email, CourseRoles.Student);
        string token;
        long submission;
        using (var scope = portal.Services.CreateScope())
        {
            var id = (await scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>().FindByEmailAsync(email))!.Id;
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(id, "laptop", ct)).Token;
            submission = (await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
                .SubmitAsync("a01-attention", email, new SubmissionUpload("attention.py", "def f(x):\n    return x\n"u8.ToArray()), ct)).Id;
        }
        var session = await portal.SignedInAsync(email);
        var api = portal.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/submissions/{submission}", ct)).StatusCode);

        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        Assert.Contains("tick the box", await PostInRowAsync(ivy, email, "deactivate", new()));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/grades", ct)).StatusCode); // nothing happened without it
        Assert.Contains("is deactivated", await PostInRowAsync(ivy, email, "deactivate", new() { ["confirm"] = "yes" }));

        var cut = await session.GetAsync("/grades", ct);
        Assert.Equal(HttpStatusCode.Redirect, cut.StatusCode);
        Assert.Contains("/signin", cut.Headers.Location!.OriginalString);
        Assert.Equal(PasswordSignIn.DeactivatedMessage, Alert(await (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).Content.ReadAsStringAsync(ct)));
        Assert.Equal(PasswordSignIn.Refused, Alert(await (await PortalFactory.SignInAsync(portal.Anonymous(), email, "a wrong guess")).Content.ReadAsStringAsync(ct)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/submissions/{submission}", ct)).StatusCode);
        Assert.Contains("deactivated on", await ivy.GetStringAsync("/admin/users", ct));
        using (var scope = portal.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<GradingDbContext>().Submissions.AnyAsync(s => s.Id == submission && s.Student == email, ct));

        Assert.Equal($"{email} can sign in again.", await PostInRowAsync(ivy, email, "reactivate", new()));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/submissions/{submission}", ct)).StatusCode);
        Assert.Equal(["deactivated", "reactivated"], (await AuditOfAsync(email)).Select(a => a.Action));
    }

    static string Alert(string html) => WebUtility.HtmlDecode(Regex.Match(html, "<p class=\"error\" role=\"alert\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);
}
