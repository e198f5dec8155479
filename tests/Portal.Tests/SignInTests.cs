using System.Net;
using Course.Gradebook.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>Signing in and out through the real forms, lock-out after repeated failures, and an instructor's reset.</summary>
public sealed class SignInTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_cookie()
    {
        var client = portal.Anonymous();
        var response = await PortalFactory.SignInAsync(client, PortalFactory.Bea, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The e-mail address or the password is wrong.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/grades", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for_but_never_to_another_site()
    {
        var client = portal.Anonymous();
        var ct = TestContext.Current.CancellationToken;
        var local = await PortalFactory.PostFormAsync(client, "/signin?ReturnUrl=%2Fgrades", "signin",
            new() { ["Email"] = PortalFactory.Bea, ["Password"] = PortalFactory.Password });
        Assert.Equal("/grades", local.Headers.Location!.IsAbsoluteUri ? local.Headers.Location.AbsolutePath : local.Headers.Location.OriginalString);
        Assert.True(!local.Headers.Location.IsAbsoluteUri || local.Headers.Location.Host == "localhost");

        var other = portal.Anonymous();
        var away = await PortalFactory.PostFormAsync(other, "/signin?ReturnUrl=%2F%2Fevil.example%2F", "signin",
            new() { ["Email"] = PortalFactory.Bea, ["Password"] = PortalFactory.Password });
        Assert.DoesNotContain("evil.example", away.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/grades", ct)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_until_an_instructor_resets_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "locked.student@uni.example";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);

        var client = portal.Anonymous();
        for (var i = 0; i < 5; i++)
            await PortalFactory.SignInAsync(client, email, "wrong-password-" + i);
        var locked = await PortalFactory.SignInAsync(client, email, PortalFactory.Password);
        Assert.Contains("This account is locked", await locked.Content.ReadAsStringAsync(ct));

        // The instructor resets the password from the People page; the temporary one works at once.
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        var people = await ivy.GetStringAsync("/admin/users", ct);
        Assert.Contains("locked until", people);
        var reset = await ResetAsync(ivy, people, email);
        var temporary = System.Text.RegularExpressions.Regex.Match(reset, "temporary password is ([a-z0-9-]{19})").Groups[1].Value;
        Assert.NotEmpty(temporary);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.SignInAsync(portal.Anonymous(), email, temporary)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).StatusCode); // the old one is gone
    }

    static async Task<string> ResetAsync(HttpClient ivy, string people, string email)
    {
        // The reset form is in the row of that user.
        var row = System.Text.RegularExpressions.Regex.Match(people, $"<tr data-email=\"{System.Text.RegularExpressions.Regex.Escape(email)}\">.*?</tr>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var handler = System.Text.RegularExpressions.Regex.Match(row, "name=\"_handler\" value=\"(reset-[^\"]+)\"").Groups[1].Value;
        var response = await PortalFactory.PostFormAsync(ivy, "/admin/users", handler, []);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await portal.SignedInAsync(PortalFactory.Bea);
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync("/", ct);
        var token = System.Text.RegularExpressions.Regex.Match(page,
            "action=\"signout\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var response = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/grades", ct);
        Assert.Contains("/signin", after.Headers.Location!.OriginalString);
    }
}
