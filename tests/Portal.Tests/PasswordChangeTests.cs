using System.Net;
using System.Text.RegularExpressions;
using Course.Gradebook.Accounts;
using Course.Portal.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>Changing one's own password, and temporary passwords that must be changed at once and do not last.</summary>
public sealed class PasswordChangeTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Own = "a passphrase of my own";

    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    async Task<string> AddWithTemporaryPasswordAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student);
        return account.TemporaryPassword!;
    }

    static string Where(HttpResponseMessage response) =>
        response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString) : "";

    [Fact]
    public async Task A_temporary_password_leads_to_the_change_page_and_every_other_page_redirects_there_until_it_is_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "first.signin@uni.example";
        var temporary = await AddWithTemporaryPasswordAsync(email);
        var client = portal.Anonymous();

        var signIn = await PortalFactory.SignInAsync(client, email, temporary);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", Where(signIn));
        foreach (var path in new[] { "/", "/grades", "/account", "/assignments/a01-attention", "/submissions/1" })
        {
            var response = await client.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && Where(response) == "/account/password", $"{path}: {(int)response.StatusCode} {Where(response)}");
        }
        Assert.Contains("id=\"temporary-notice\"", await client.GetStringAsync("/account/password", ct));

        var changed = await PortalFactory.PostFormAsync(client, "/account/password", "change-password",
            new() { ["Current"] = temporary, ["New"] = Own, ["Confirm"] = Own });
        Assert.Contains("id=\"password-changed\"", await changed.Content.ReadAsStringAsync(ct));

        // The same session goes on, now free to open pages.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/grades", ct)).StatusCode);
        // The temporary password is gone; the new one signs in straight to the course.
        Assert.Equal(PasswordSignIn.Refused, Alert(await (await PortalFactory.SignInAsync(portal.Anonymous(), email, temporary)).Content.ReadAsStringAsync(ct)));
        var again = await PortalFactory.SignInAsync(portal.Anonymous(), email, Own);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.NotEqual("/account/password", Where(again));
    }

    [Fact]
    public async Task An_expired_temporary_password_is_refused_with_a_message_to_ask_for_a_reset_but_only_to_whoever_knows_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "late.starter@uni.example";
        var temporary = await AddWithTemporaryPasswordAsync(email);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(user.TemporaryPasswordUntil > DateTimeOffset.UtcNow.AddDays(6.9)); // a week from the account's creation
            user.TemporaryPasswordUntil = DateTimeOffset.UtcNow.AddMinutes(-1);
            await users.UpdateAsync(user);
        }

        var expired = await PortalFactory.SignInAsync(portal.Anonymous(), email, temporary);
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal(PasswordSignIn.ExpiredMessage, Alert(await expired.Content.ReadAsStringAsync(ct)));
        Assert.DoesNotContain(expired.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("course.auth=")));
        var guess = await PortalFactory.SignInAsync(portal.Anonymous(), email, "a wrong guess at it");
        Assert.Equal(PasswordSignIn.Refused, Alert(await guess.Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task A_refused_change_says_why_in_identitys_words_and_leaves_the_password_as_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "careful.changer@uni.example";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);
        var client = await portal.SignedInAsync(email);
        Assert.DoesNotContain("temporary-notice", await client.GetStringAsync("/account/password", ct));

        async Task<string> Change(string current, string next, string confirm) => WebUtility.HtmlDecode(await (await PortalFactory.PostFormAsync(
            client, "/account/password", "change-password", new() { ["Current"] = current, ["New"] = next, ["Confirm"] = confirm })).Content.ReadAsStringAsync(ct));

        Assert.Contains("Passwords must be at least 10 characters.", await Change(PortalFactory.Password, "short", "short"));
        Assert.Contains("Incorrect password.", await Change("not the password", Own, Own));
        Assert.Contains("The new password and its confirmation differ.", await Change(PortalFactory.Password, Own, Own + "!"));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_change_page_lock_the_account_as_at_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "guessing.changer@uni.example";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);
        var client = await portal.SignedInAsync(email);
        int attempts;
        using (var scope = portal.Services.CreateScope())
            attempts = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;

        string last = "";
        for (var i = 1; i <= attempts; i++)
            last = WebUtility.HtmlDecode(await (await PortalFactory.PostFormAsync(client, "/account/password", "change-password",
                new() { ["Current"] = $"guess number {i}", ["New"] = Own, ["Confirm"] = Own })).Content.ReadAsStringAsync(ct));

        Assert.Contains(OwnPassword.LockedOut, last);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
        }
        // The session ended, and the right password does not sign in until the lock-out is over.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/grades", ct)).StatusCode);
        Assert.Equal(PasswordSignIn.Refused, Alert(await (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).Content.ReadAsStringAsync(ct)));
    }

    [Fact]
    public async Task An_instructors_reset_gives_a_temporary_password_that_must_be_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "forgetful@uni.example";
        string temporary;
        using (var scope = portal.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            await admin.AddAsync(email, CourseRoles.Student, PortalFactory.Password);
            temporary = await admin.ResetPasswordAsync(email, PortalFactory.Ivy);
        }
        var client = portal.Anonymous();
        Assert.Equal("/account/password", Where(await PortalFactory.SignInAsync(client, email, temporary)));
        Assert.Equal("/account/password", Where(await client.GetAsync("/", ct)));
    }

    /// <summary>The sign-in page's message, as a screen reader announces it.</summary>
    static string Alert(string html) => WebUtility.HtmlDecode(Regex.Match(html, "<p class=\"error\" role=\"alert\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);
}
