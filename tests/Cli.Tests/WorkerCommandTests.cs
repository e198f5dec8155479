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
    /// <summary>What the workers printed so far; they go on printing while a test reads it, so it is read under the lock.</summary>
    string Logs { get { lock (logs) return logs.ToString(); } }
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

        var jobs = await FinishedJobs.WaitAsync(() => Open(store), submissions.Count, TimeSpan.FromMinutes(3), ct: Ct);

        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Graded && j.Attempts == 1, $"job {j.Id}: {j.Status} after {j.Attempts} tries, {j.Message}\n{Logs}"));
        await using (var db = Open(store))
        {
            var results = await db.Results.Where(r => submissions.Contains(r.SubmissionId)).ToListAsync(Ct);
            Assert.Equal(submissions.Order(), results.Select(r => r.SubmissionId).Order()); // one result each, no more
            Assert.All(results, r => Assert.Equal(r.MaxScore, r.Score));
        }
        // Worker names are machine/process/slot: two processes did the work.
        var processes = jobs.Select(j => j.Worker!.Split('/')[1]).Distinct().ToList();
        Assert.True(processes.Count == 2, $"only process {string.Join(", ", processes)} graded\n{Logs}");
    }

    /// <summary>How many times the crash test kills a worker with SIGKILL, each at a random point of a job it holds.</summary>
    const int Kills = 50;

    [Fact]
    public async Task Workers_killed_50_times_at_random_points_of_a_job_lose_no_submission_grade_none_twice_and_leave_no_sandbox()
    {
        var store = new StoreSettings(StoreProvider.Postgres, await postgres.CreateDatabaseAsync());
        await using (var db = Open(store)) await db.Database.MigrateAsync(Ct);
        var url = postgres.UrlOf(store.ConnectionString);
        // A short lease, so a killed worker's job goes back soon; tries enough that kills never mark a job failed.
        var settings = new Dictionary<string, string> { ["Grader__LeaseDuration"] = "00:00:10", ["Grader__MaxAttempts"] = "1000" };
        var running = new[] { await StartWorkerAsync("one", url, settings), await StartWorkerAsync("two", url, settings) };
        // The solution, slowed by a sleep at import: a job lasts seconds (without using the 2 cores), so a kill lands
        // inside one, at a random point of it (claim, goldens, sandbox, compare, write), and the queue outlasts the kills.
        var solution = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(Path.Combine(CliRun.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"), Ct)
            + "\nimport time\ntime.sleep(3)\n");
        var submissions = new List<long>();
        for (var i = 0; i < 40; i++) submissions.Add(await QueueAsync(store, $"student{i}", solution));

        var random = new Random(20261204);
        var killed = new List<int>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var victim = await HoldingAJobAsync(store, running, random);
            if (victim is null) break; // the queue is empty: nothing left to interrupt
            await Task.Delay(random.Next(0, 4500), Ct);
            killed.Add(running[victim.Value].Id);
            running[victim.Value].Kill(); // SIGKILL: no shutdown, no job handed back, no container removed
            await running[victim.Value].WaitForExitAsync(Ct);
            running[victim.Value] = await StartWorkerAsync(victim == 0 ? "one" : "two", url, settings);
        }
        var jobs = await FinishedJobs.WaitAsync(() => Open(store), submissions.Count, TimeSpan.FromMinutes(5), ct: Ct);

        Assert.True(killed.Count == Kills, $"only {killed.Count} kills found a job to interrupt\n{Logs}");
        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Graded, $"job {j.Id}: {j.Status} after {j.Attempts} tries, {j.Message}\n{Logs}"));
        await using (var db = Open(store))
            Assert.Equal(submissions.Order(), (await db.Results.Select(r => r.SubmissionId).ToListAsync(Ct)).Order());
        // Every worker that ever ran, killed ones too, logs each grade it wrote (a worker killed right after its write may
        // lose the line, never add one): no submission was written twice.
        var all = Logs;
        var written = System.Text.RegularExpressions.Regex.Matches(all, @"graded submission (\d+):").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.True(written.Count == written.Distinct().Count() && written.All(submissions.Contains), $"grades written: {string.Join(", ", written.Order())}\n{all}");
        // The sandboxes the killed workers left were removed when their successors started.
        var left = (await SandboxProcessLabelsAsync()).Where(label => killed.Any(pid => label.Split('/') is [_, var p, _] && p == pid.ToString())).ToList();
        Assert.True(left.Count == 0, $"sandboxes of killed workers remain: {string.Join(", ", left)}");
    }

    /// <summary>A worker (its index) that holds a job now, the first found in random order; null when the queue stays empty.</summary>
    async Task<int?> HoldingAJobAsync(StoreSettings store, Process[] running, Random random)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60);)
        {
            await using var db = Open(store);
            var holders = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Running).Select(j => j.Worker!).ToListAsync(Ct);
            var candidates = Enumerable.Range(0, running.Length)
                .Where(i => holders.Any(w => w.Split('/')[1] == running[i].Id.ToString())).OrderBy(_ => random.Next()).ToList();
            if (candidates.Count > 0) return candidates[0];
            if (!await db.Jobs.AnyAsync(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Running, Ct)) return null;
            await Task.Delay(100, Ct);
        }
        return null;
    }

    /// <summary>The grader process label (machine/pid/start) of every sandbox container on the engine.</summary>
    static async Task<List<string>> SandboxProcessLabelsAsync()
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ps", "-a", "--filter", "label=course.sandbox=1", "--format", "{{.Label \"course.process\"}}" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    static GradingDbContext Open(StoreSettings store) => GradingStore.Open(store);

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
        Assert.True(started == ready.Task, $"worker {name} did not start\n{Logs}");
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
