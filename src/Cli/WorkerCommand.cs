using System.CommandLine;
using Course.Grader;
using Course.Grader.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Course.Cli;

/// <summary>
/// <c>worker --db URL [--slots N] [--gpus 0,1]</c>: grader workers in a process of their own, on any machine with a Docker
/// engine and the course's folder. They share the queue through the database (PostgreSQL for several machines), read
/// submissions from it and cache goldens in this machine's data folder. Runs until stopped (Ctrl-C, SIGTERM), handing
/// back any job it holds.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(string root)
    {
        var db = new Option<string>("--db") { Description = "the store: postgres://user:password@host:port/database, or a connection string", Required = true };
        var slots = new Option<int>("--slots") { Description = "jobs graded at once (default 1)", DefaultValueFactory = _ => 1 };
        var gpus = new Option<string>("--gpus") { Description = "GPUs this worker may hand to sandboxes, by id: 0,1 (default none)" };
        var command = new Command("worker", "grade jobs from the shared queue until stopped") { db, slots, gpus };
        command.Validators.Add(result =>
        {
            if (result.GetValue(slots) < 1) result.AddError("--slots must be at least 1");
            if (GpuIds(result.GetValue(gpus)) is null) result.AddError("--gpus takes GPU ids separated by commas, e.g. 0,1");
        });
        command.SetAction(async (parse, ct) =>
        {
            var store = StoreSettings.Parse(parse.GetValue(db)!);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = root });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{StoreSettings.ConnectionName}"] = store.ConnectionString,
                [$"{GraderOptions.Section}:{nameof(GraderOptions.Workers)}"] = parse.GetValue(slots).ToString(),
                [$"{GraderOptions.Section}:{nameof(GraderOptions.Gpus)}"] = string.Join(",", GpuIds(parse.GetValue(gpus))!), // each sandbox gets one of these ids (GpuPool)
            });
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.AddGrading();
            builder.AddGradingQueue();
            using var host = builder.Build();
            // The grading store's own migrations only (the portal applies the course's); EF Core locks the history while it migrates.
            await host.Services.MigrateGradingStoreAsync(ct);
            Console.Error.WriteLine($"worker {Environment.ProcessId}: {parse.GetValue(slots)} slot(s) on the {store.Provider} queue; waiting for jobs");
            await host.RunAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>The ids of <c>--gpus</c>; null when they are not numbers.</summary>
    static IReadOnlyList<int>? GpuIds(string? text)
    {
        var ids = new List<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var id) || id < 0) return null;
            ids.Add(id);
        }
        return ids;
    }
}
