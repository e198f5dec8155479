using System.Net;

namespace Course.Portal.Tests;

/// <summary>The per-client limit on sign-in attempts (three a minute in this factory), beside Identity's per-account lock-out.</summary>
public sealed class SignInRateLimitTests(StrictSignInPortalFactory portal) : IClassFixture<StrictSignInPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_client_that_keeps_guessing_is_answered_429_while_others_still_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var guesser = portal.AnonymousFrom("203.0.113.7");
        for (var i = 0; i < StrictSignInPortalFactory.Attempts; i++)
            Assert.Equal(HttpStatusCode.OK, (await PortalFactory.SignInAsync(guesser, PortalFactory.Ivy, "guess-" + i)).StatusCode);

        // Even the right password: the limit is on attempts, and an attempt refused here reaches no account.
        var checks = portal.PasswordChecks;
        var refused = await PortalFactory.SignInAsync(guesser, PortalFactory.Ivy, PortalFactory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts came from your address", await refused.Content.ReadAsStringAsync(ct));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal(checks, portal.PasswordChecks);

        // Reading the form is not an attempt; another address has its own allowance, and the instructor is not locked out.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/signin", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.SignInAsync(portal.AnonymousFrom("198.51.100.20"), PortalFactory.Ivy, PortalFactory.Password)).StatusCode);
    }
}
