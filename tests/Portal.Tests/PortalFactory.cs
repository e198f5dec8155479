using System.Net;
using System.Text.RegularExpressions;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Course.Portal.Tests;

/// <summary>The real portal over the repository's assignments, a fresh SQLite database and its in-process worker.</summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";
    public const string Ada = "ada@uni.example", Bea = "bea@uni.example", Tom = "tom.ta@uni.example", Ivy = "ivy.prof@uni.example";

    public string DataPath { get; } = Directory.CreateTempSubdirectory("portal-tests-").FullName;

    public static string RepoRoot { get; } = Course.Contracts.Manifest.CourseRoot.OfBuildOutput();

    /// <summary>Where the tests' portal says students reach it (Portal:PublicUrl); requests arrive for "localhost".</summary>
    public const string PublicUrl = "https://course.uni.example/";

    /// <summary>Names the client a request comes from (its remote address), for the per-client sign-in limit.</summary>
    public const string ClientHeader = "X-Test-Client";

    /// <summary>The course the portal serves: the repository's, unless a test needs a variant of it.</summary>
    protected virtual string AssignmentsPath => Path.Combine(RepoRoot, "assignments");

    /// <summary>How many grading workers run in the portal; 0 leaves every job queued (no Docker needed).</summary>
    protected virtual int Workers => 1;

    /// <summary>Sign-in attempts per client per minute: more than any test makes, unless the test is about the limit.</summary>
    protected virtual int SignInAttemptsPerClient => 10_000;

    /// <summary>Submissions one student may have waiting: more than any test queues, unless the test is about the cap.</summary>
    protected virtual int? MaxQueuedPerStudent => 10_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grader:AssignmentsPath", AssignmentsPath);
        builder.UseSetting("Grader:DataPath", DataPath);
        builder.UseSetting("Grader:Workers", Workers.ToString());
        builder.UseSetting("Portal:PublicUrl", PublicUrl);
        builder.UseSetting("Portal:SignInRateLimit:PermitLimit", SignInAttemptsPerClient.ToString());
        if (MaxQueuedPerStudent is { } cap) builder.UseSetting("Grader:MaxQueuedPerStudent", cap.ToString());
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            // The test server has no remote addresses; a test names its client with a header instead.
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<CourseUser>, CountingPasswordHasher>());
        });
    }

    /// <summary>How many passwords the portal has checked against a hash: the work a sign-in attempt costs.</summary>
    public int PasswordChecks => Services.GetRequiredService<IPasswordHasher<CourseUser>>() is CountingPasswordHasher c ? c.Checks : -1;

    public HttpClient AnonymousFrom(string client)
    {
        var http = Anonymous();
        http.DefaultRequestHeaders.Add(ClientHeader, client);
        return http;
    }

    sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientHeader], out var address)) http.Connection.RemoteIpAddress = address;
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>Identity's own hasher, counting the checks.</summary>
    sealed class CountingPasswordHasher(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options) : IPasswordHasher<CourseUser>
    {
        readonly PasswordHasher<CourseUser> inner = new(options);
        int checks;
        public int Checks => Volatile.Read(ref checks);
        public string HashPassword(CourseUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CourseUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref checks);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
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
            StartServer(); // the test server, or Kestrel

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
        var client = NewClient();
        var response = await SignInAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"signing in as {email} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A client as a browser is one: it keeps cookies and does not follow redirects.</summary>
    protected virtual HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient Anonymous() => NewClient();

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/signin", "signin", new() { ["Email"] = email, ["Password"] = password });

    /// <summary>Fills a form of the page as the browser would: its hidden fields (antiforgery token, handler name) plus the given ones.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields) =>
        PostFormAsync(client, page, formName, (IEnumerable<KeyValuePair<string, string>>)fields);

    /// <summary>As above, for fields given more than once (checkboxes); a given field replaces a hidden one of its name.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(page);
        var form = Regex.Matches(html, "<form[^>]*>.*?</form>", RegexOptions.Singleline)
            .Select(m => m.Value).FirstOrDefault(f => f.Contains($"name=\"_handler\" value=\"{formName}\""))
            ?? throw new InvalidOperationException($"{page} has no form '{formName}'");
        var given = fields.ToList();
        var hidden = Regex.Matches(form, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => KeyValuePair.Create(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(h => given.All(g => g.Key != h.Key));
        return await client.PostAsync(page, new FormUrlEncodedContent([.. hidden, .. given]));
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

/// <summary>
/// The portal without workers over a copy of the course in which a01 also has a 20-point rubric: hand grading tested
/// on an assignment whose uploads need no special format.
/// </summary>
public sealed class RubricCoursePortalFactory : PortalFactory
{
    public const string Assignment = "a01-attention";
    public const double RubricPoints = 20;
    readonly string course = Directory.CreateTempSubdirectory("rubric-course-").FullName;

    public RubricCoursePortalFactory()
    {
        var source = Path.Combine(RepoRoot, "assignments");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(course, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(course, Assignment, "assignment.yaml"), $"\nrubric_points: {RubricPoints}\n");
    }

    protected override string AssignmentsPath => course;
    protected override int Workers => 0;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(course, true); } catch (IOException) { }
    }
}

/// <summary>The portal without workers and with the grader's own per-student cap on queued submissions (3 by default).</summary>
public sealed class CappedQueuePortalFactory : PortalFactory
{
    protected override int Workers => 0;
    protected override int? MaxQueuedPerStudent => null;
}

/// <summary>The portal without workers and with a per-client limit of three sign-in attempts a minute.</summary>
public sealed class StrictSignInPortalFactory : PortalFactory
{
    public const int Attempts = 3;
    protected override int Workers => 0;
    protected override int SignInAttemptsPerClient => Attempts;
}

/// <summary>The portal without workers behind real Kestrel, which refuses response headers the test server passes on.</summary>
public sealed class KestrelPortalFactory : PortalFactory
{
    public KestrelPortalFactory() => UseKestrel(0);
    protected override int Workers => 0;

    protected override HttpClient NewClient()
    {
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new Uri(address) };
    }
}
