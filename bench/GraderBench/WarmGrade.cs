using System.Diagnostics;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Bench;

/// <summary>
/// (a) One graded submission inside a warm worker (goldens made, image inspected) against bare <c>docker run</c>s of the
/// same sandbox starts, alternating so that both see the same machine.
/// </summary>
public sealed record WarmGrade(double GradeSeconds, double BareSeconds, int SandboxStarts, IReadOnlyDictionary<string, double> Stages)
{
    public double Ratio => GradeSeconds / BareSeconds;

    public static async Task<WarmGrade> RunAsync(BenchSettings settings)
    {
        var data = settings.NewDataFolder("warm");
        using var host = await BenchHost.StartAsync(settings, data, workers: 0);
        var pipeline = host.Services.GetRequiredService<GradingPipeline>();
        var assignment = host.Services.GetRequiredService<AssignmentCatalog>().Find(BenchSettings.Assignment)!;
        var upload = new SubmissionUpload("attention.py", await File.ReadAllBytesAsync(settings.Solution));

        // Warm-up: makes the goldens (a reference run) and brings the image's files into the page cache.
        await pipeline.GradeAsync(assignment, upload);
        var requests = await pipeline.SandboxRequestsAsync(assignment, upload);
        foreach (var r in requests) await BareDocker.RunAsync(r);

        var grades = new List<double>();
        var bare = new List<double>();
        var stages = new Dictionary<string, List<double>>();
        for (var i = 0; i < settings.Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var report = await pipeline.GradeAsync(assignment, upload);
            grades.Add(watch.Elapsed.TotalSeconds);
            if (report.Score != report.MaxScore) throw new InvalidOperationException($"the solution scored {report.Score}/{report.MaxScore}: {report.Output}");
            foreach (var (stage, seconds) in report.Provenance.StageSeconds)
                (stages.TryGetValue(stage, out var list) ? list : stages[stage] = []).Add(seconds);

            var total = TimeSpan.Zero;
            foreach (var r in await pipeline.SandboxRequestsAsync(assignment, upload)) total += await BareDocker.RunAsync(r);
            bare.Add(total.TotalSeconds);
        }
        BenchHost.TryDelete(data);
        return new WarmGrade(Stats.Median(grades), Stats.Median(bare), requests.Count,
            stages.ToDictionary(s => s.Key, s => Stats.Median(s.Value)));
    }

    public void Print()
    {
        Console.WriteLine($"(a) warm grade of {BenchSettings.Assignment}'s solution ({SandboxStarts} sandbox starts), median: " +
                          $"{GradeSeconds:0.000} s graded vs {BareSeconds:0.000} s bare docker run: ratio {Ratio:0.00}");
        foreach (var (stage, seconds) in Stages)
            Console.WriteLine($"      {stage,-18} {seconds:0.000} s  {seconds / GradeSeconds,6:P0}");
    }
}
