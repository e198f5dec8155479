using System.Net;
using Course.Grader.Data;
using Course.Grader.Submissions;
using Course.Portal.Endpoints;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>Files the portal hands out are saved, never rendered, sniffed or cached, under a name that cannot lie.</summary>
public sealed class DownloadTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("evil\u202Eyp.exe", "evilyp.exe")] // shown as "evilexe.py" by a browser that obeys the override
    [InlineData("a\r\nSet-Cookie: x", "aSet-Cookie x")]
    [InlineData("\u2066report\u2069\u200E\u200F.py", "report.py")]
    [InlineData("..\\..\\etc/passwd", "etcpasswd")]
    [InlineData("\"quoted\"; name='x'.py", "quoted name=x.py")]
    [InlineData("zero\u200Bwidth\u0000nul\u0085.py", "zerowidthnul.py")]
    [InlineData("attention.py", "attention.py")]
    [InlineData("übung_1.py", "übung_1.py")]
    [InlineData("\u202E", Downloads.Fallback)]
    [InlineData("...", Downloads.Fallback)]
    public void A_file_name_keeps_only_what_cannot_disguise_it_or_break_the_header(string name, string safe) =>
        Assert.Equal(safe, Downloads.SafeFileName(name));

    [Theory]
    [InlineData("evil\u202Eyp.exe", "evilyp.exe")]
    [InlineData("a\r\nSet-Cookie: x", "aSet-Cookie x")]
    public async Task A_submitted_file_is_an_opaque_sandboxed_uncached_attachment_under_a_safe_name(string storedName, string served)
    {
        var ct = TestContext.Current.CancellationToken;
        long id;
        using (var scope = portal.Services.CreateScope())
        {
            var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
                .SubmitAsync("a01-attention", PortalFactory.Ada, new SubmissionUpload("attention.py", "<script>alert(1)</script>"u8.ToArray()), ct);
            // Names such as these arrive from a browser's upload; the store keeps what it is given.
            var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
            (await db.Submissions.FindAsync([submission.Id], ct))!.FileName = storedName;
            await db.SaveChangesAsync(ct);
            id = submission.Id;
        }

        foreach (var who in new[] { PortalFactory.Ada, PortalFactory.Tom })
        {
            var response = await (await portal.SignedInAsync(who)).GetAsync($"/submissions/{id}/file", ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertProtected(response);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal(served, (disposition.FileNameStar ?? disposition.FileName)!.Trim('"'));
            Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("x")));
            Assert.Equal("<script>alert(1)</script>", await response.Content.ReadAsStringAsync(ct));
        }
    }

    [Fact]
    public async Task The_starter_and_the_gradebook_are_protected_attachments_too()
    {
        var ct = TestContext.Current.CancellationToken;
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        foreach (var path in new[] { "/assignments/a01-attention/starter", "/gradebook.csv" })
        {
            var response = await ivy.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertProtected(response);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        }
    }

    static void AssertProtected(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl!.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("sandbox; default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
