using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>Absolute URLs the portal hands out use Portal:PublicUrl, whatever Host header a request carries.</summary>
public sealed class PublicUrlTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Forged = "evil.example";

    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_submissions_api_links_to_the_public_url_not_the_host_header()
    {
        var ct = TestContext.Current.CancellationToken;
        string token;
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync((await users.FindByEmailAsync(PortalFactory.Ada))!.Id, "host", ct)).Token;
        }
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Host = Forged;

        var form = new MultipartFormDataContent
        {
            { new StringContent("a01-attention"), "assignment" },
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(PortalFactory.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"))), "file", "attention.py" },
        };
        var created = await client.PostAsync("/api/submissions", form, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal($"{PortalFactory.PublicUrl}submissions/{id}", json.RootElement.GetProperty("url").GetString());
        Assert.Equal($"{PortalFactory.PublicUrl}submissions/{id}", created.Headers.Location!.AbsoluteUri);

        var status = await client.GetStringAsync($"/api/submissions/{id}", ct);
        Assert.Contains($"\"url\":\"{PortalFactory.PublicUrl}submissions/{id}\"", status);
        Assert.DoesNotContain(Forged, status);
    }

    [Fact]
    public async Task The_account_pages_curl_line_names_the_public_url_not_the_host_header()
    {
        var client = await portal.SignedInAsync(PortalFactory.Bea);
        client.DefaultRequestHeaders.Host = Forged;

        var response = await PortalFactory.PostFormAsync(client, "/account", "new-token", new() { ["name"] = "laptop" });

        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("id=\"new-token\"", page);
        Assert.Contains($"{PortalFactory.PublicUrl}api/submissions</pre>", page);
        Assert.DoesNotContain(Forged, page);
    }

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:5080/")]
    [InlineData(null, "http://127.0.0.1:5081", "http://127.0.0.1:5081/")]
    [InlineData(null, "http://0.0.0.0:5082;https://course.uni.example", "http://127.0.0.1:5082/")]
    [InlineData(null, "http://*:5083", "http://127.0.0.1:5083/")]
    [InlineData(null, "http://[::]:5084", "http://127.0.0.1:5084/")]
    [InlineData("https://dl.uni.example/course", "http://127.0.0.1:5081", "https://dl.uni.example/course/")]
    public void The_public_url_is_the_configured_one_else_the_first_listening_address(string? configured, string? listening, string expected)
    {
        var url = PublicUrl.Resolve(configured, listening);
        Assert.Equal(expected, url.AbsoluteUri);
        Assert.Equal(expected + "submissions/7", new Uri(url, "submissions/7").AbsoluteUri);
    }
}
