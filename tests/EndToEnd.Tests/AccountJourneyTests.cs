using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// A newcomer's account in a real browser: the instructor adds it on People, the newcomer must replace the temporary
/// password before anything else, and is cut off when the instructor deactivates the account.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountJourneyTests(PortalServer portal, Chromium chromium)
{
    const string Newcomer = "newcomer@uni.example";
    const string OwnPassword = "my own long passphrase";

    [Fact]
    public async Task A_newcomer_replaces_the_temporary_password_first_and_is_cut_off_when_deactivated()
    {
        var instructor = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Instructor);
        await instructor.GotoAsync("admin/users");
        await instructor.GetByLabel("E-mail", new() { Exact = true }).FillAsync(Newcomer);
        await instructor.GetByLabel("Name", new() { Exact = true }).FillAsync("Nina Newcomer");
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(instructor.Locator("#people-message")).ToContainTextAsync("temporary password");
        var temporary = Regex.Match(await instructor.Locator("#people-message").InnerTextAsync(), "temporary password ([a-z0-9-]{19})").Groups[1].Value;
        Assert.NotEmpty(temporary);
        await Browser.ScreenshotAsync(instructor, "people-temporary-password");

        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl.ToString() });
        var newcomer = await context.NewPageAsync();
        await newcomer.GotoAsync("signin");
        await newcomer.FillAsync("#email", Newcomer);
        await newcomer.FillAsync("#password", temporary);
        await newcomer.ClickAsync("#signin");
        await Expect(newcomer).ToHaveURLAsync(new Regex("/account/password$"));
        await Expect(newcomer.Locator("#temporary-notice")).ToBeVisibleAsync();
        await newcomer.GotoAsync("grades"); // any other page leads back here
        await Expect(newcomer).ToHaveURLAsync(new Regex("/account/password$"));
        await Browser.ScreenshotAsync(newcomer, "change-temporary-password");

        await newcomer.FillAsync("#current-password", temporary);
        await newcomer.FillAsync("#new-password", OwnPassword);
        await newcomer.FillAsync("#confirm-password", OwnPassword);
        await newcomer.ClickAsync("#change-password");
        await Expect(newcomer.Locator("#password-changed")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(newcomer, "password-changed");
        await newcomer.GetByRole(AriaRole.Link, new() { Name = "Go on to the course" }).ClickAsync();
        await Expect(newcomer.Locator("#whoami")).ToHaveTextAsync(Newcomer);
        await newcomer.GotoAsync("grades");
        await Expect(newcomer).ToHaveURLAsync(new Regex("/grades$"));

        await instructor.GotoAsync("admin/users");
        var row = instructor.Locator($"tr[data-email='{Newcomer}']");
        await row.GetByLabel($"confirm the deactivation of {Newcomer}").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(instructor.Locator("#people-message")).ToContainTextAsync("is deactivated");
        await Expect(instructor.Locator($"tr[data-email='{Newcomer}'] .account-status")).ToContainTextAsync("deactivated on");
        await Browser.ScreenshotAsync(instructor, "people-deactivated");

        await newcomer.GotoAsync("grades");
        await Expect(newcomer).ToHaveURLAsync(new Regex("/signin"));
        await newcomer.FillAsync("#email", Newcomer);
        await newcomer.FillAsync("#password", OwnPassword);
        await newcomer.ClickAsync("#signin");
        await Expect(newcomer.Locator("p.error[role=alert]")).ToContainTextAsync("deactivated");
        await Browser.ScreenshotAsync(newcomer, "signin-deactivated");
        await context.DisposeAsync();
        await instructor.Context.DisposeAsync();
    }
}
