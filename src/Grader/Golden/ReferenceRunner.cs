using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;
using Microsoft.Extensions.Options;

namespace Course.Grader.Golden;

/// <summary>Runs <c>reference golden --stdio</c> in the reference image and returns the files it wrote.</summary>
public sealed class ReferenceRunner(SandboxRunner sandbox, IOptions<GraderOptions> options)
{
    static readonly SandboxSpec Limits = new() { Cpus = 1, MemoryMb = 3072, Pids = 256, WorkMb = 64, TimeoutS = 600 };

    public async Task<IReadOnlyDictionary<string, byte[]>> GoldenAsync(
        LoadedAssignment assignment, long seed, CancellationToken ct)
    {
        var manifest = await File.ReadAllBytesAsync(assignment.PathOf(ManifestLoader.FileName), ct);
        var request = new SandboxRequest(options.Value.ReferenceImage, Limits,
            [new SandboxFile($"{assignment.Id}/{ManifestLoader.FileName}", manifest)])
        {
            Command = ["/opt/reference/reference", "golden", "--stdio", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Label = $"golden {assignment.Id}",
        };
        var result = await sandbox.RunAsync(request, ct);
        var payload = ResultFrame.Find(result.Stdout.Bytes);
        if (payload is null || result.ExitCode != 0)
            throw new GradingInfrastructureException(
                $"the reference could not make the goldens of {assignment.Id}: it {result.Describe()}.\n{result.Stderr.Text}");
        return TarArchive.Unpack(payload, 256L * 1024 * 1024);
    }
}
