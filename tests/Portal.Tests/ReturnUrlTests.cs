using System.Net;

namespace Course.Portal.Tests;

/// <summary>
/// Where signing in sends a user: back to the path they asked for, percent-encoded, or home; never another site. Through
/// real Kestrel, which answers 500 rather than send a Location header that is not ASCII or holds control characters.
/// </summary>
public sealed class ReturnUrlTests(KestrelPortalFactory portal) : IClassFixture<KestrelPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("/modules/é", "/modules/%C3%A9")] // as the cookie handler sends a visitor of /modules/%C3%A9 to sign in
    [InlineData("/grades?tab=ü#part", "/grades?tab=%C3%BC#part")]
    [InlineData("/%E2%80%AE", "/%E2%80%AE")]
    [InlineData("//evil.example", "/")]
    [InlineData("///evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("\\evil", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/\tevil", "/")]
    [InlineData("/grades\r\nSet-Cookie: x=1", "/")]
    [InlineData("~/grades", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("", "/")]
    public async Task Any_return_url_signs_in_and_goes_only_to_a_path_on_this_site(string returnUrl, string expected)
    {
        var client = portal.Anonymous();
        var response = await PortalFactory.PostFormAsync(client, "/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "signin",
            new() { ["Email"] = PortalFactory.Bea, ["Password"] = PortalFactory.Password });

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.True(response.Headers.NonValidated.TryGetValues("Location", out var raw));
        Assert.All(raw.ToString(), c => Assert.True(c is >= ' ' and <= '~', $"Location: {raw}"));
        var location = response.Headers.Location!;
        if (location.IsAbsoluteUri) Assert.Equal(client.BaseAddress!.Authority, location.Authority);
        Assert.Equal(expected, location.IsAbsoluteUri ? location.PathAndQuery + location.Fragment : location.OriginalString);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("x=")));
    }
}
