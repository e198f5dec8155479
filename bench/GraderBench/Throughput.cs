using System.Diagnostics;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Tests.Shared;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Course.Bench;

/// <summary>
/// (b) Graded submissions per minute with every worker slot busy (through the real queue: submit, claim, grade, write)
/// against as many bare <c>docker run</c>s of the same sandbox starts, the same number at a time, on the same cores.
/// </summary>
public sealed record Throughput(int Grades, int Slots, double GradedPerMinute, double BarePerMinute)
{
    public double Ratio => GradedPerMinute / BarePerMinute;

    public static async Task<Throughput> RunAsync(BenchSettings settings)
    {
        var data = settings.NewDataFolder("throughput");
        var solution = await File.ReadAllBytesAsync(settings.Solution);
        IReadOnlyList<Course.Grader.Sandbox.SandboxRequest> requests;
        {
            // Goldens first, so the workers grade warm.
            using var warm = await BenchHost.StartAsync(settings, data, workers: 0);
            var assignment = warm.Services.GetRequiredService<AssignmentCatalog>().Find(BenchSettings.Assignment)!;
            requests = await warm.Services.GetRequiredService<GradingPipeline>().SandboxRequestsAsync(assignment, new SubmissionUpload("attention.py", solution));
            await warm.StopAsync();
        }

        using var host = await BenchHost.StartAsync(settings, data, workers: settings.Slots);
        var watch = Stopwatch.StartNew();
        using (var scope = host.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<SubmissionStore>();
            for (var i = 0; i < settings.Grades; i++)
                await store.SubmitAsync(BenchSettings.Assignment, $"student{i % 50}@bench.example", new SubmissionUpload("attention.py", solution));
        }
        var finished = await FinishedJobs.WaitAsync(BenchHost.Store(host), settings.Grades, TimeSpan.FromMinutes(30));
        var graded = watch.Elapsed;
        if (finished.Count(j => j.Status == JobStatus.Graded) != settings.Grades)
            throw new InvalidOperationException($"of {settings.Grades} submissions, {finished.Count(j => j.Status == JobStatus.Graded)} were graded: " +
                                                string.Join(", ", finished.CountBy(j => j.Status)));
        await host.StopAsync();

        watch.Restart();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, settings.Slots).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < settings.Grades)
                foreach (var r in requests) await BareDocker.RunAsync(r);
        }));
        var bare = watch.Elapsed;
        BenchHost.TryDelete(data);
        return new Throughput(settings.Grades, settings.Slots, settings.Grades / graded.TotalMinutes, settings.Grades / bare.TotalMinutes);
    }

    public void Print() => Console.WriteLine(
        $"(b) {Grades} grades, {Slots} at a time: {GradedPerMinute:0.0} graded/min through the queue vs {BarePerMinute:0.0} bare docker runs/min: ratio {Ratio:0.00}");
}
