using Course.Grader.Data;
using Course.Grader.Golden;
using Course.Grader.Queue;
using Course.Grader.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Sandbox;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Course.Grader;

public static class GradingExtensions
{
    /// <summary>The grading pipeline: options, the Docker client, the sandbox, the goldens and the course's assignments.</summary>
    public static IHostApplicationBuilder AddGrading(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GraderOptions>(builder.Configuration.GetSection(GraderOptions.Section));
        // Relative folders are the course's, wherever the process was started from.
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.PostConfigure<GraderOptions>(o =>
        {
            o.AssignmentsPath = Path.GetFullPath(o.AssignmentsPath, contentRoot);
            o.DataPath = Path.GetFullPath(o.DataPath, contentRoot);
            o.TrustedPath = o.TrustedPath is { Length: > 0 } trusted
                ? Path.GetFullPath(trusted, contentRoot)
                : Path.GetFullPath(Path.Combine(o.AssignmentsPath, "..", "trusted"));
        });
        builder.Services.AddSingleton<IDockerClient>(sp =>
            new DockerClientConfiguration(new Uri(sp.GetRequiredService<IOptions<GraderOptions>>().Value.DockerEndpoint)).CreateClient());
        builder.Services.AddSingleton(sp => new AssignmentCatalog(sp.GetRequiredService<IOptions<GraderOptions>>().Value.AssignmentsPath));
        builder.Services.AddSingleton<SeccompProfile>();
        builder.Services.AddSingleton<SandboxRunner>();
        builder.Services.AddSingleton<ReferenceRunner>();
        builder.Services.AddSingleton<GoldenStore>();
        builder.Services.AddSingleton<MutantOutputs>();
        builder.Services.AddSingleton<Evaluation.ProjectData>();
        builder.Services.AddSingleton<Evaluation.ProjectEvaluator>();
        builder.Services.AddSingleton<Evaluation.BaselineRunner>();
        builder.Services.AddSingleton<Gpu.GpuPool>();
        builder.Services.AddSingleton<GradingPipeline>();
        builder.Services.AddSingleton<Authoring.ProjectChecker>();
        builder.Services.AddSingleton<Authoring.AssignmentChecker>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The grading store (see <see cref="StoreSettings"/>), the queue and the in-process workers.</summary>
    public static IHostApplicationBuilder AddGradingQueue(this IHostApplicationBuilder builder, bool runWorkers = true)
    {
        var dataPath = Path.GetFullPath(builder.Configuration[$"{GraderOptions.Section}:DataPath"] ?? "data", builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(StoreSettings.From(builder.Configuration, dataPath));
        builder.Services.AddScoped<StoreConnection>();
        builder.Services.AddDbContext<GradingDbContext>((sp, o) =>
        {
            var store = sp.GetRequiredService<StoreConnection>();
            store.Settings.Apply(o, store.Connection, GradingDbContext.HistoryTable);
        });
        builder.Services.AddScoped<SubmissionStore>();
        builder.Services.AddScoped<JobQueue>();
        builder.Services.AddScoped<ResultWriter>();
        builder.Services.AddScoped<WorkerRegistry>();
        builder.Services.AddScoped<WaitEstimator>();
        builder.Services.AddScoped<IJobGrader, PipelineJobGrader>();
        builder.Services.AddSingleton<JobChanges>();
        // How many workers run is GraderOptions.Workers, read by the one hosted service when it starts.
        if (runWorkers)
            builder.Services.AddHostedService<GradingWorker>();
        return builder;
    }

    /// <summary>On PostgreSQL, listens for jobs that workers anywhere claim or close, to wake live pages (<see cref="JobChanges"/>).</summary>
    public static IHostApplicationBuilder AddLiveJobChanges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<PostgresJobListener>();
        return builder;
    }

    /// <summary>Creates the data folder and applies the grading store's EF Core migrations.</summary>
    public static async Task MigrateGradingStoreAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetFullPath(services.GetRequiredService<IOptions<GraderOptions>>().Value.DataPath));
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GradingDbContext>().Database.MigrateAsync(ct);
    }
}
