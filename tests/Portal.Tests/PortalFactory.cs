using System.Net;
using System.Text.RegularExpressions;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>The real portal over the repository's assignments, a fresh SQLite database and its in-process worker.</summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";
    public const string Ada = "ada@uni.example", Bea = "bea@uni.example", Tom = "tom.ta@uni.example", Ivy = "ivy.prof@uni.example";

    public string DataPath { get; } = Directory.CreateTempSubdirectory("portal-tests-").FullName;

    public static string RepoRoot { get; } = Course.Contracts.Manifest.CourseRoot.OfBuildOutput();

    /// <summary>How many grading workers run in the portal; 0 leaves every job queued (no Docker needed).</summary>
    protected virtual int Workers => 1;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grader:AssignmentsPath", Path.Combine(RepoRoot, "assignments"));
        builder.UseSetting("Grader:DataPath", DataPath);
        builder.UseSetting("Grader:Workers", Workers.ToString());
        builder.UseEnvironment("Production");
    }

    readonly SemaphoreSlim seeding = new(1, 1);
    bool seeded;

    /// <summary>Two students, a TA and an instructor, all with <see cref="Password"/>.</summary>
    public async Task SeedPeopleAsync()
    {
        await seeding.WaitAsync();
        try
        {
            if (seeded) return;
            _ = Server;
            using var scope = Services.CreateScope();
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            await admin.AddAsync(Ada, CourseRoles.Student, Password, "Ada Lovelace", "s001");
            await admin.AddAsync(Bea, CourseRoles.Student, Password, "Bea Student", "s002");
            await admin.AddAsync(Tom, CourseRoles.TA, Password, "Tom Assistant");
            await admin.AddAsync(Ivy, CourseRoles.Instructor, Password, "Ivy Professor");
            seeded = true;
        }
        finally
        {
            seeding.Release();
        }
    }

    /// <summary>A client that does not follow redirects, signed in through the sign-in form as a browser would be.</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"signing in as {email} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/signin", "signin", new() { ["Email"] = email, ["Password"] = password });

    /// <summary>Fills a form of the page as the browser would: its hidden fields (antiforgery token, handler name) plus the given ones.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var form = Regex.Matches(html, "<form[^>]*>.*?</form>", RegexOptions.Singleline)
            .Select(m => m.Value).FirstOrDefault(f => f.Contains($"name=\"_handler\" value=\"{formName}\""))
            ?? throw new InvalidOperationException($"{page} has no form '{formName}'");
        var values = Regex.Matches(form, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (k, v) in fields) values[k] = v;
        return await client.PostAsync(page, new FormUrlEncodedContent(values));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataPath, true); } catch (IOException) { }
    }
}

/// <summary>The portal without grading workers: jobs stay queued, so tests of pages and access need no Docker.</summary>
public sealed class QuietPortalFactory : PortalFactory
{
    protected override int Workers => 0;
}
