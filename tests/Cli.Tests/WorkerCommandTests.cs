using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Course.Grader.Data;
using Course.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Course.Cli.Tests;

/// <summary>
/// <c>./course worker</c> as a grading machine runs it: two real worker processes on one PostgreSQL queue grade a01
/// submissions through the real sandbox, each submission exactly once, and both do work, also while workers are killed.
/// </summary>
public sealed class WorkerCommandTests(PostgresServer postgres) : IDisposable
{
    readonly string scratch = Directory.CreateTempSubdirectory("course-worker-tests-").FullName;
    readonly List<Process> workers = [];
    readonly StringBuilder logs = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_worker_processes_on_one_PostgreSQL_queue_grade_every_submission_exactly_once_and_both_do_work()
    {
        var store = new StoreSettings(StoreProvider.Postgres, await postgres.CreateDatabaseAsync());
        await using (var db = Open(store)) await db.Database.MigrateAsync(Ct);
        var url = postgres.UrlOf(store.ConnectionString);
        // Both are polling before anything is queued, so the first cannot take every job before the second is up.
        await Task.WhenAll(StartWorkerAsync("one", url), StartWorkerAsync("two", url));

        var solution = await File.ReadAllBytesAsync(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"), Ct);
        var submissions = new List<long>();
        for (var i = 0; i < 8; i++) submissions.Add(await QueueAsync(store, $"student{i}", solution));

        var jobs = await WaitUntilFinishedAsync(store, submissions.Count, TimeSpan.FromMinutes(3));

        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Graded && j.Attempts == 1, $"job {j.Id}: {j.Status} after {j.Attempts} tries, {j.Message}\n{logs}"));
        await using (var db = Open(store))
        {
            var results = await db.Results.Where(r => submissions.Contains(r.SubmissionId)).ToListAsync(Ct);
            Assert.Equal(submissions.Order(), results.Select(r => r.SubmissionId).Order()); // one result each, no more
            Assert.All(results, r => Assert.Equal(r.MaxScore, r.Score));
        }
        // Worker names are machine/process/slot: two processes did the work.
        var processes = jobs.Select(j => j.Worker!.Split('/')[1]).Distinct().ToList();
        Assert.True(processes.Count == 2, $"only process {string.Join(", ", processes)} graded\n{logs}");
    }

    /// <summary>How many times the crash test kills a worker: each costs a restart and a lease that must run out.</summary>
    const int Kills = 6;

    [Fact]
    public async Task Workers_killed_at_random_points_lose_no_submission_and_grade_none_twice()
    {
        var store = new StoreSettings(StoreProvider.Postgres, await postgres.CreateDatabaseAsync());
        await using (var db = Open(store)) await db.Database.MigrateAsync(Ct);
        var url = postgres.UrlOf(store.ConnectionString);
        // A short lease, so a killed worker's job goes back soon; tries enough that kills never mark a job failed.
        var settings = new Dictionary<string, string> { ["Grader__LeaseDuration"] = "00:00:10", ["Grader__MaxAttempts"] = "100" };
        var running = new[] { await StartWorkerAsync("one", url, settings), await StartWorkerAsync("two", url, settings) };
        var solution = await File.ReadAllBytesAsync(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"), Ct);
        var submissions = new List<long>();
        for (var i = 0; i < 8; i++) submissions.Add(await QueueAsync(store, $"student{i}", solution));

        var random = new Random(20261204);
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(random.Next(500, 4000), Ct);
            var victim = random.Next(running.Length);
            running[victim].Kill(); // SIGKILL: no shutdown, no job handed back
            await running[victim].WaitForExitAsync(Ct);
            running[victim] = await StartWorkerAsync(victim == 0 ? "one" : "two", url, settings);
        }
        var jobs = await WaitUntilFinishedAsync(store, submissions.Count, TimeSpan.FromMinutes(4));

        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Graded, $"job {j.Id}: {j.Status} after {j.Attempts} tries, {j.Message}\n{logs}"));
        await using (var db = Open(store))
            Assert.Equal(submissions.Order(), (await db.Results.Select(r => r.SubmissionId).ToListAsync(Ct)).Order());
        // Every worker that ever ran, killed ones too, logs each grade it wrote (a worker killed right after its write may
        // lose the line, never add one): no submission was written twice.
        string all;
        lock (logs) all = logs.ToString();
        var written = System.Text.RegularExpressions.Regex.Matches(all, @"graded submission (\d+):").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.True(written.Count == written.Distinct().Count() && written.All(submissions.Contains), $"grades written: {string.Join(", ", written.Order())}\n{all}");
    }

    static GradingDbContext Open(StoreSettings store) =>
        new((DbContextOptions<GradingDbContext>)store.Apply(new DbContextOptionsBuilder<GradingDbContext>(), GradingDbContext.HistoryTable).Options);

    /// <summary>A submission as the portal stores it: the row, its file's bytes, its queued job.</summary>
    static async Task<long> QueueAsync(StoreSettings store, string student, byte[] content)
    {
        await using var db = Open(store);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!await db.Files.AnyAsync(f => f.ContentHash == hash, Ct)) db.Files.Add(new SubmissionFile { ContentHash = hash, Content = content });
        var now = DateTimeOffset.UtcNow;
        var submission = new Submission
        {
            AssignmentId = "a01-attention", Student = student, FileName = "attention.py", ContentHash = hash, SizeBytes = content.Length, SubmittedAt = now,
            Job = new GradingJob { Status = JobStatus.Queued, QueuedAt = now },
        };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(Ct);
        return submission.Id;
    }

    static async Task<List<GradingJob>> WaitUntilFinishedAsync(StoreSettings store, int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            await using var db = Open(store);
            var jobs = await db.Jobs.AsNoTracking().ToListAsync(Ct);
            if (jobs.Count == count && jobs.All(j => j.Status is not (JobStatus.Queued or JobStatus.Running)) || DateTime.UtcNow > deadline) return jobs;
            await Task.Delay(500, Ct);
        }
    }

    /// <summary>Starts <c>course-cli worker</c> with a data folder of its own (its golden cache) and waits until it polls.</summary>
    async Task<Process> StartWorkerAsync(string name, string url, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "course-cli.dll"));
        foreach (var a in new[] { "worker", "--db", url, "--slots", "1" }) start.ArgumentList.Add(a);
        start.Environment["COURSE_ROOT"] = CliRun.RepoRoot;
        start.Environment["Grader__DataPath"] = Path.Combine(scratch, name);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        workers.Add(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            lock (logs) logs.AppendLine($"[{name}] {line}");
            if (line.Contains("waiting for jobs")) ready.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(Ct), Task.Delay(TimeSpan.FromMinutes(1), Ct));
        Assert.True(started == ready.Task, $"worker {name} did not start\n{logs}");
        return process;
    }

    public void Dispose()
    {
        foreach (var worker in workers)
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            worker.WaitForExit(10_000);
            worker.Dispose();
        }
        Directory.Delete(scratch, recursive: true);
    }
}
