using Course.Gradebook;
using Course.Grader.Data;
using Course.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Course.Gradebook.Accounts;
using Course.Grader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Course.Bench;

/// <summary>The grader as the portal hosts it (same extensions, same store), over a data folder of the benchmark's own.</summary>
public static class BenchHost
{
    public static async Task<IHost> StartAsync(BenchSettings settings, string data, int workers, IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = settings.Root });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // On a new PostgreSQL database EF Core reads a migration history table before it exists, logs the failure, and
        // goes on to create it: noise in the benchmark's output, not a fault.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        var configuration = new Dictionary<string, string?>
        {
            ["Grader:AssignmentsPath"] = Path.Combine(settings.Root, "assignments"),
            ["Grader:DataPath"] = data,
            ["Grader:Workers"] = workers.ToString(),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) configuration[k] = v;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddGrading();
        builder.AddGradingQueue(runWorkers: workers > 0);
        builder.AddGradebook();
        builder.AddCourseAccounts();
        var host = builder.Build();
        await host.Services.MigrateStoresAsync();
        await host.StartAsync();
        return host;
    }

    /// <summary>Copies the goldens one part made into another's data folder: every part measures warm grading.</summary>
    public static void CopyGoldens(string from, string to)
    {
        var source = Path.Combine(from, "goldens");
        if (!Directory.Exists(source)) return;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, "goldens", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Opens a context of its own on the store <paramref name="host"/> serves (for polling beside it).</summary>
    public static Func<GradingDbContext> Store(IHost host)
    {
        var store = host.Services.GetRequiredService<StoreSettings>();
        return () => GradingStore.Open(store);
    }

    /// <summary>Removes a part's data folder; what cannot be removed stays in /tmp.</summary>
    public static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
