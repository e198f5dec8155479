using System.Net;
using Course.Gradebook.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>Signing in and out through the real forms, one answer to every refusal, lock-out after repeated failures, and an instructor's reset.</summary>
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
        Assert.Equal(Course.Portal.Accounts.PasswordSignIn.Refused, Alert(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
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
    public async Task An_unknown_address_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "locked.answer@uni.example";
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CourseUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var unknown = await PortalFactory.SignInAsync(portal.Anonymous(), "nobody.here@uni.example", "not-the-password");
        var wrong = await PortalFactory.SignInAsync(portal.Anonymous(), PortalFactory.Bea, "not-the-password");
        var locked = await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password); // the right password

        foreach (var response in new[] { unknown, wrong, locked })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Course.Portal.Accounts.PasswordSignIn.Refused, Alert(await response.Content.ReadAsStringAsync(ct)));
            Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("course.auth=")));
        }
    }

    [Fact]
    public async Task An_unknown_address_and_a_locked_account_cost_a_password_check_as_a_wrong_password_does()
    {
        const string email = "locked.timing@uni.example";
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CourseUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        async Task<int> ChecksFor(string address, string password)
        {
            var client = portal.Anonymous();
            var before = portal.PasswordChecks;
            await PortalFactory.SignInAsync(client, address, password);
            return portal.PasswordChecks - before;
        }

        // Identity alone checks no password for the first two, so the time taken would tell which accounts exist.
        Assert.Equal(1, await ChecksFor("nobody.timing@uni.example", "not-the-password"));
        Assert.Equal(1, await ChecksFor(email, PortalFactory.Password));
        Assert.Equal(1, await ChecksFor(PortalFactory.Bea, "not-the-password"));
    }

    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account_until_an_instructor_resets_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string email = "locked.student@uni.example";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, PortalFactory.Password);

        var client = portal.Anonymous();
        for (var i = 0; i < 9; i++)
            await PortalFactory.SignInAsync(client, email, "wrong-password-" + i);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.SignInAsync(portal.Anonymous(), email, PortalFactory.Password)).StatusCode); // nine are not yet ten
        for (var i = 0; i < 10; i++)
            await PortalFactory.SignInAsync(client, email, "wrong-password-" + i);
        var locked = await PortalFactory.SignInAsync(client, email, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(Course.Portal.Accounts.PasswordSignIn.Refused, Alert(await locked.Content.ReadAsStringAsync(ct)));

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

    /// <summary>The sign-in page's message, as a screen reader announces it.</summary>
    static string Alert(string html) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\" role=\"alert\">(.*?)</p>",
        System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);

    static async Task<string> ResetAsync(HttpClient ivy, string people, string email)
    {
        // The reset form is in the row of that user.
        var row = System.Text.RegularExpressions.Regex.Match(people, $"<tr data-email=\"{System.Text.RegularExpressions.Regex.Escape(email)}\">.*?</tr>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var handler = System.Text.RegularExpressions.Regex.Match(row, "name=\"_handler\" value=\"(reset-[^\"]+)\"").Groups[1].Value;
        // Without the box ticked, nothing is reset.
        var unconfirmed = await PortalFactory.PostFormAsync(ivy, "/admin/users", handler, []);
        Assert.Contains("tick the box beside the button", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        var response = await PortalFactory.PostFormAsync(ivy, "/admin/users", handler, new() { ["confirm"] = "yes" });
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Signing_out_with_the_layouts_form_ends_the_session()
    {
        var client = await portal.SignedInAsync(PortalFactory.Bea);
        var ct = TestContext.Current.CancellationToken;
        var response = await client.PostAsync("/signout", new FormUrlEncodedContent(await SignOutFormAsync(client)), ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/grades", ct);
        Assert.Contains("/signin", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_without_the_forms_token_is_refused_and_the_user_stays_signed_in()
    {
        var client = await portal.SignedInAsync(PortalFactory.Bea);
        var ct = TestContext.Current.CancellationToken;

        // What a page elsewhere on the same site could post with the user's cookie: no token, or one for someone else.
        var bare = await client.PostAsync("/signout", new FormUrlEncodedContent([]), ct);
        var forged = await client.PostAsync("/signout", new FormUrlEncodedContent(await SignOutFormAsync(await portal.SignedInAsync(PortalFactory.Ada))), ct);

        foreach (var response in new[] { bare, forged })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Reload the page and sign out again", await response.Content.ReadAsStringAsync(ct));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/grades", ct)).StatusCode);
    }

    /// <summary>The hidden fields of the sign-out form in the layout, as the browser sends them.</summary>
    static async Task<Dictionary<string, string>> SignOutFormAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page,
            "action=\"signout\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return new() { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
    }
}
