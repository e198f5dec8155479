using System.Net;
using System.Text.RegularExpressions;

namespace Course.Portal.Tests;

/// <summary>Every response carries the portal's security headers, and no page needs an inline script to work.</summary>
public sealed class SecurityHeadersTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(null, "/signin")]
    [InlineData(null, "/no-such-page")]
    [InlineData(PortalFactory.Ada, "/")]
    [InlineData(PortalFactory.Ada, "/assignments/a01-attention")]
    [InlineData(PortalFactory.Ada, "/grades")]
    [InlineData(PortalFactory.Tom, "/queue")]
    [InlineData(PortalFactory.Ivy, "/gradebook")]
    public async Task A_page_has_a_strict_policy_nosniff_and_a_referrer_policy_and_no_inline_script(string? who, string path)
    {
        var client = who is null ? portal.Anonymous() : await portal.SignedInAsync(who);
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("'self'", Regex.Match(policy, "script-src ([^;]*)").Groups[1].Value.Trim()); // no inline script, no eval
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());

        // Each <script> loads a file: the policy would block an inline one.
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (Match script in Regex.Matches(html, "<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline))
        {
            Assert.Contains("src=", script.Groups["attributes"].Value);
            Assert.True(string.IsNullOrWhiteSpace(script.Groups["body"].Value), $"{path} has an inline script: {script.Value}");
        }
    }

    [Fact]
    public async Task A_download_keeps_its_sandbox_policy()
    {
        var ada = await portal.SignedInAsync(PortalFactory.Ada);
        var response = await ada.GetAsync("/assignments/a01-attention/starter", TestContext.Current.CancellationToken);
        Assert.Contains("sandbox", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
