using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Course.Contracts.Manifest;
using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Bench;

public enum BurstStore { Sqlite, Postgres }

/// <summary>
/// (c) A deadline in miniature: <see cref="BenchSettings.Uploads"/> uploads through the HTTP API from
/// <see cref="BenchSettings.Clients"/> concurrent clients (one student each, with an API token), against the portal's own
/// process. Accept latency is the POST's round trip; draining ends when the last accepted upload is graded; an upload
/// is lost unless it ends graded.
/// </summary>
public sealed record UploadBurst(int Uploads, int Clients, int Accepted, int Graded, double P50Ms, double P99Ms, double DrainSeconds,
    IReadOnlyDictionary<string, int> Refusals)
{
    public int Lost => Uploads - Graded;

    public static async Task<UploadBurst> RunAsync(BenchSettings settings, BurstStore store)
    {
        if (store != BurstStore.Sqlite) throw new NotSupportedException("the PostgreSQL burst needs the standalone workers");
        var data = settings.NewDataFolder("burst");
        var tokens = await PeopleAsync(settings, data);
        var port = ChildProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var portalDir = Path.Combine(settings.Root, "src", "Portal");
        await using var portal = ChildProcess.Start(Path.Combine(portalDir, "bin", "Debug", "net10.0", "Portal.dll"), portalDir,
            ["--urls", baseUrl.ToString().TrimEnd('/'), $"--Grader:AssignmentsPath={Path.Combine(settings.Root, "assignments")}",
             $"--Grader:DataPath={data}", $"--Grader:Workers={settings.Slots}", "--Logging:LogLevel:Default=Warning"],
            Path.Combine(data, "portal.log"));
        await WaitForAsync(baseUrl, portal);

        var solution = await File.ReadAllBytesAsync(settings.Solution);
        var latencies = new ConcurrentBag<double>();
        var accepted = new ConcurrentBag<long>();
        var refusals = new ConcurrentDictionary<string, int>();
        var perClient = (settings.Uploads + settings.Clients - 1) / settings.Clients;
        var sent = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(async token =>
        {
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var k = 0; k < perClient && Interlocked.Increment(ref sent) <= settings.Uploads; k++)
            {
                using var form = new MultipartFormDataContent
                {
                    { new StringContent(BenchSettings.Assignment), "assignment" },
                    { new ByteArrayContent(solution), "file", "attention.py" },
                };
                var request = Stopwatch.StartNew();
                try
                {
                    using var response = await http.PostAsync("api/submissions", form);
                    latencies.Add(request.Elapsed.TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        accepted.Add(body.RootElement.GetProperty("id").GetInt64());
                    }
                    else refusals.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    refusals.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }
            }
        }));

        // The portal's store, read beside it: how many of the accepted uploads ended graded, and when the last did.
        using var reader = await BenchHost.StartAsync(settings, data, workers: 0);
        var finished = await Throughput.WaitUntilFinishedAsync(reader.Services, accepted.Count, TimeSpan.FromMinutes(30), accepted.ToList());
        var drain = watch.Elapsed.TotalSeconds;
        WarmGrade.TryDelete(data);
        return new UploadBurst(settings.Uploads, settings.Clients, accepted.Count, finished.GetValueOrDefault(JobStatus.Graded),
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), drain, refusals);
    }

    /// <summary>One student and API token per client, and the goldens made, in the store the portal then serves.</summary>
    static async Task<List<string>> PeopleAsync(BenchSettings settings, string data)
    {
        using var host = await BenchHost.StartAsync(settings, data, workers: 0);
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var tokens = new List<string>();
        for (var i = 0; i < settings.Clients; i++)
        {
            var email = $"student{i:000}@bench.example";
            await services.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, "bench-password-123");
            var user = await services.GetRequiredService<UserManager<CourseUser>>().FindByEmailAsync(email);
            tokens.Add((await services.GetRequiredService<ApiTokens>().IssueAsync(user!.Id, "bench")).Token);
        }
        var assignment = services.GetRequiredService<AssignmentCatalog>().Find(BenchSettings.Assignment)!;
        await services.GetRequiredService<GradingPipeline>().SandboxRequestsAsync(assignment,
            new SubmissionUpload("attention.py", await File.ReadAllBytesAsync(settings.Solution)));
        return tokens;
    }

    static async Task WaitForAsync(Uri baseUrl, ChildProcess portal)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(90);)
        {
            if (portal.HasExited) throw new InvalidOperationException("the portal exited; see portal.log in the burst's data folder");
            try
            {
                if ((int)(await http.GetAsync(baseUrl)).StatusCode < 500) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the portal did not answer on {baseUrl}");
    }

    public void Print(string title)
    {
        Console.WriteLine($"{title}: {Uploads} uploads from {Clients} clients: accept p50 {P50Ms:0} ms, p99 {P99Ms:0} ms; " +
                          $"{Accepted} accepted, {Graded} graded, drained in {DrainSeconds:0.0} s; lost {Lost}" +
                          (Refusals.Count > 0 ? $" (refused: {string.Join(", ", Refusals.Select(r => $"{r.Key} ×{r.Value}"))})" : ""));
    }
}
