using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Course.Contracts.Manifest;
using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Course.Tests.Shared;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Course.Bench;

public enum BurstStore { Sqlite, Postgres }

/// <summary>
/// (c) A deadline in miniature: <see cref="BenchSettings.Uploads"/> uploads through the HTTP API from
/// <see cref="BenchSettings.Clients"/> concurrent clients, one upload per student (each with an API token), against the
/// portal's own process: with in-process workers on SQLite, or (d) with two worker processes on one PostgreSQL queue. Accept latency is the POST's round trip; draining ends when the last accepted upload is graded; an upload
/// is lost unless it ends graded.
/// </summary>
/// <param name="PortalCpuMs">The portal's CPU time per upload while the burst was sent (grading in-process included on SQLite).</param>
/// <param name="WorkersCpuMs">The worker processes' CPU time per upload over the same span (none on SQLite).</param>
public sealed record UploadBurst(int Uploads, int Clients, int Accepted, int Graded, double P50Ms, double P99Ms, double DrainSeconds,
    IReadOnlyDictionary<string, int> Refusals, double PortalCpuMs, double WorkersCpuMs)
{
    public int Lost => Uploads - Graded;

    public static async Task<UploadBurst> RunAsync(BenchSettings settings, BurstStore store)
    {
        await using var postgres = store == BurstStore.Postgres ? new PostgresServer() : null;
        var extra = new Dictionary<string, string?>();
        if (postgres is not null)
        {
            await postgres.InitializeAsync();
            // The tests' connection string sizes the pool for test classes running side by side; the portal and workers
            // here run as a course deploys them, with the store's own pool settings (StoreSettings).
            var connection = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());
            connection.Remove("Maximum Pool Size");
            extra[$"ConnectionStrings:{StoreSettings.ConnectionName}"] = connection.ConnectionString;
        }
        var data = settings.NewDataFolder("burst");
        var tokens = await PeopleAsync(settings, data, extra);
        var port = CourseProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var portalDir = Path.Combine(settings.Root, "src", "Portal");
        // On PostgreSQL the portal grades nothing itself: two worker processes share the queue, as many slots in all.
        var inProcess = postgres is null ? settings.Slots : 0;
        await using var portal = CourseProcess.Start(CourseProcess.Program(settings.Root, "Portal", "Portal.dll"), portalDir,
            ["--urls", baseUrl.ToString().TrimEnd('/'), $"--Grader:AssignmentsPath={Path.Combine(settings.Root, "assignments")}",
             $"--Grader:DataPath={data}", $"--Grader:Workers={inProcess}", "--Logging:LogLevel:Default=Warning",
             .. extra.Select(e => $"--{e.Key}={e.Value}")],
            Path.Combine(data, "portal.log"));
        var workers = new List<CourseProcess>();
        if (postgres is not null)
            for (var w = 0; w < 2; w++)
            {
                var folder = Path.Combine(data, $"worker-{w}");
                BenchHost.CopyGoldens(data, folder);
                workers.Add(CourseProcess.Start(CourseProcess.Program(settings.Root, "Cli", "course-cli.dll"), settings.Root,
                    ["worker", "--db", postgres.UrlOf(extra[$"ConnectionStrings:{StoreSettings.ConnectionName}"]!), "--slots", Math.Max(1, settings.Slots / 2).ToString()],
                    Path.Combine(data, $"worker-{w}.log"),
                    new Dictionary<string, string> { ["COURSE_ROOT"] = settings.Root, ["Grader__DataPath"] = folder, ["Logging__LogLevel__Default"] = "Warning" }));
            }
        try
        {
            await portal.WaitForAsync(baseUrl, TimeSpan.FromSeconds(90), Path.Combine(data, "portal.log"));
            return await BurstAsync(settings, data, baseUrl, tokens, extra, portal, workers);
        }
        finally
        {
            foreach (var w in workers) await w.DisposeAsync();
        }
    }

    static async Task<UploadBurst> BurstAsync(BenchSettings settings, string data, Uri baseUrl, IReadOnlyList<string> tokens, IDictionary<string, string?> extra,
        CourseProcess portal, IReadOnlyList<CourseProcess> workers)
    {
        var solution = await File.ReadAllBytesAsync(settings.Solution);
        // A portal at a deadline has served uploads all week: its hot code has reached the JIT's last tier and its queries
        // are planned. Fifty uploads are not enough for that: the runtime recompiles a method only after it has been
        // called thirty times past a pause in new compilations, and again after profiling it, so the burst itself paid for
        // the compiler (a fifth of the machine in a profile of it). So the warm-up sends rounds of one upload per client,
        // from students of the warm-up alone, with a pause after each for the compiler to catch up, and its uploads are
        // graded before the burst begins on an empty queue.
        var warmedUp = new List<long>();
        foreach (var round in tokens.Skip(settings.Uploads).Chunk(settings.Clients))
        {
            var sent = await SendAsync(baseUrl, round, settings.Clients, solution);
            warmedUp.AddRange(sent.Accepted);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        using (var reader = await BenchHost.StartAsync(settings, data, workers: 0, extra))
            await FinishedJobs.WaitAsync(BenchHost.Store(reader), warmedUp.Count, TimeSpan.FromMinutes(10), warmedUp);

        Console.Error.WriteLine($"    warm-up: {warmedUp.Count} uploads graded; sending the burst");
        TimeSpan WorkersCpu() => workers.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.CpuTime);
        var (portalBefore, workersBefore) = (portal.CpuTime, WorkersCpu());
        var watch = Stopwatch.StartNew();
        var burst = await SendAsync(baseUrl, tokens.Take(settings.Uploads).ToList(), settings.Clients, solution);
        var portalCpu = (portal.CpuTime - portalBefore).TotalMilliseconds / settings.Uploads;
        var workersCpu = (WorkersCpu() - workersBefore).TotalMilliseconds / settings.Uploads;
        Console.Error.WriteLine($"    sent in {watch.Elapsed.TotalSeconds:0.0} s: accept p50 {Stats.Percentile(burst.Latencies, 50):0} ms, " +
                                $"p99 {Stats.Percentile(burst.Latencies, 99):0} ms; CPU per upload: portal {portalCpu:0.0} ms, workers {workersCpu:0.0} ms; draining");
        // The portal's store, read beside it: how many of the accepted uploads ended graded, and when the last did.
        using (var reader = await BenchHost.StartAsync(settings, data, workers: 0, extra))
        {
            var finished = await FinishedJobs.WaitAsync(BenchHost.Store(reader), burst.Accepted.Count, TimeSpan.FromMinutes(30), burst.Accepted.ToList());
            var drain = watch.Elapsed.TotalSeconds;
            BenchHost.TryDelete(data);
            return new UploadBurst(settings.Uploads, settings.Clients, burst.Accepted.Count, finished.Count(j => j.Status == JobStatus.Graded),
                Stats.Percentile(burst.Latencies, 50), Stats.Percentile(burst.Latencies, 99), drain, burst.Refusals, portalCpu, workersCpu);
        }
    }

    sealed record Sent(ConcurrentBag<double> Latencies, ConcurrentBag<long> Accepted, ConcurrentDictionary<string, int> Refusals);

    /// <summary>One upload per token through the HTTP API, from <paramref name="clients"/> clients at once.</summary>
    static async Task<Sent> SendAsync(Uri baseUrl, IReadOnlyList<string> tokens, int clients, byte[] solution)
    {
        var sent = new Sent([], [], new());
        // Client c uploads for students c, c + clients, c + 2 clients, …: each student once, as at a deadline.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
            for (var i = c; i < tokens.Count; i += clients)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/submissions")
                {
                    Content = new MultipartFormDataContent
                    {
                        { new StringContent(BenchSettings.Assignment), "assignment" },
                        { new ByteArrayContent(solution), "file", "attention.py" },
                    },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await http.SendAsync(request);
                    sent.Latencies.Add(watch.Elapsed.TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        sent.Accepted.Add(body.RootElement.GetProperty("id").GetInt64());
                    }
                    else sent.Refusals.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    sent.Refusals.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }
            }
        }));
        return sent;
    }

    /// <summary>One student and API token per upload, and the goldens made, in the store the portal then serves.</summary>
    static async Task<List<string>> PeopleAsync(BenchSettings settings, string data, IDictionary<string, string?> extra)
    {
        using var host = await BenchHost.StartAsync(settings, data, workers: 0, extra);
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var tokens = new List<string>();
        // The burst's students, then the warm-up's (one upload each).
        for (var i = 0; i < settings.Uploads + settings.WarmupUploads; i++)
        {
            var email = $"student{i:0000}@bench.example";
            await services.GetRequiredService<AccountAdmin>().AddAsync(email, CourseRoles.Student, "bench-password-123");
            var user = await services.GetRequiredService<UserManager<CourseUser>>().FindByEmailAsync(email);
            tokens.Add((await services.GetRequiredService<ApiTokens>().IssueAsync(user!.Id, "bench")).Token);
        }
        var assignment = services.GetRequiredService<AssignmentCatalog>().Find(BenchSettings.Assignment)!;
        await services.GetRequiredService<GradingPipeline>().SandboxRequestsAsync(assignment,
            new SubmissionUpload("attention.py", await File.ReadAllBytesAsync(settings.Solution)));
        return tokens;
    }

    public void Print(string title)
    {
        Console.WriteLine($"{title}: {Uploads} uploads from {Clients} clients: accept p50 {P50Ms:0} ms, p99 {P99Ms:0} ms; " +
                          $"{Accepted} accepted, {Graded} graded, drained in {DrainSeconds:0.0} s; lost {Lost}; " +
                          $"CPU per upload while sending: portal {PortalCpuMs:0.0} ms, workers {WorkersCpuMs:0.0} ms" +
                          (Refusals.Count > 0 ? $" (refused: {string.Join(", ", Refusals.Select(r => $"{r.Key} ×{r.Value}"))})" : ""));
    }
}
