using Course.Grader.Golden;
using Course.Grader.Manifest;
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
        builder.Services.AddSingleton<IDockerClient>(sp =>
            new DockerClientConfiguration(new Uri(sp.GetRequiredService<IOptions<GraderOptions>>().Value.DockerEndpoint)).CreateClient());
        builder.Services.AddSingleton(sp => new AssignmentCatalog(sp.GetRequiredService<IOptions<GraderOptions>>().Value.AssignmentsPath));
        builder.Services.AddSingleton<SandboxRunner>();
        builder.Services.AddSingleton<ReferenceRunner>();
        builder.Services.AddSingleton<GoldenStore>();
        builder.Services.AddSingleton<GradingPipeline>();
        return builder;
    }
}
