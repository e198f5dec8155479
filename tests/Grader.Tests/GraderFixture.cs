using Course.Grader.Golden;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Sandbox;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Course.Grader.Tests;

/// <summary>The real grader (real Docker engine, real images) over the repository's assignments and a temporary data folder.</summary>
public sealed class GraderFixture : IDisposable
{
    readonly IHost host;

    public GraderFixture()
    {
        DataPath = Directory.CreateTempSubdirectory("course-tests-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Grader:AssignmentsPath"] = Path.Combine(RepoRoot, "assignments");
        builder.Configuration["Grader:DataPath"] = DataPath;
        builder.AddGrading();
        host = builder.Build();
    }

    public static string RepoRoot { get; } = CourseRoot.OfBuildOutput();

    /// <summary>Every assignment in the course, for theories that must hold for each.</summary>
    public static TheoryData<string> AssignmentIds() =>
        new(new AssignmentCatalog(Path.Combine(RepoRoot, "assignments")).All.Select(a => a.Id));

    /// <summary>The assignments whose code runs in the sandbox against the reference's goldens (not predictions projects).</summary>
    public static TheoryData<string> ComparisonAssignmentIds() =>
        new(new AssignmentCatalog(Path.Combine(RepoRoot, "assignments")).All.Where(a => !a.Manifest.GradesPredictions).Select(a => a.Id));

    public string DataPath { get; }

    public IServiceProvider Services => host.Services;
    public GradingPipeline Pipeline => Services.GetRequiredService<GradingPipeline>();
    public SandboxRunner Sandbox => Services.GetRequiredService<SandboxRunner>();
    public GoldenStore Goldens => Services.GetRequiredService<GoldenStore>();
    public IDockerClient Docker => Services.GetRequiredService<IDockerClient>();
    public LoadedAssignment Assignment(string id) => Services.GetRequiredService<AssignmentCatalog>().Get(id);

    /// <summary>Containers, running or not, that carry the given label (e.g. "course.sandbox=1").</summary>
    public Task<IList<ContainerListResponse>> ContainersLabelledAsync(string label) =>
        Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, TestContext.Current.CancellationToken);

    public void Dispose()
    {
        host.Dispose();
        Directory.Delete(DataPath, true);
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<GraderFixture>
{
    public const string Name = "docker";
}
