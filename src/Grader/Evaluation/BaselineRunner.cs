using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Golden;
using Course.Grader.Sandbox;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Course.Grader.Evaluation;

/// <summary>
/// Trains a project's baseline with <c>reference baseline --stdio</c> in the reference image (TorchSharp) on the
/// public training, validation and test files (never the labels), and keeps what it wrote like the goldens: under
/// <c>data/baselines/&lt;id&gt;-&lt;inputs hash&gt;-&lt;reference image&gt;</c>, made again only when the data, the
/// seed or the reference image change, or when asked to retrain.
/// </summary>
public sealed class BaselineRunner(SandboxRunner sandbox, IDockerClient docker, IOptions<GraderOptions> options)
{
    // Two cores, as the baseline is specified to train on; it runs one thread, so the second is the runtime's.
    static readonly SandboxSpec Limits = new() { Cpus = 2, MemoryMb = 3072, Pids = 256, WorkMb = 64, TimeoutS = 600 };
    static readonly KeyedLock Training = new();

    public sealed record Trained(string Key, IReadOnlyDictionary<string, byte[]> Files, double Seconds, bool FromCache);

    public async Task<Trained> GetAsync(LoadedAssignment assignment, bool retrain, CancellationToken ct = default)
    {
        var data = assignment.Manifest.Dataset ?? throw new ManifestException($"{assignment.Id} has no dataset");
        var inputs = new Dictionary<string, byte[]>
        {
            ["train.csv"] = await File.ReadAllBytesAsync(assignment.PathOf(data.Train), ct),
            ["validation.csv"] = await File.ReadAllBytesAsync(assignment.PathOf(data.Validation), ct),
            ["test.csv"] = await File.ReadAllBytesAsync(assignment.PathOf(data.Test), ct),
            ["settings.json"] = JsonSerializer.SerializeToUtf8Bytes(new { seed = assignment.Manifest.Seed, classes = data.Classes }),
        };
        var imageId = (await docker.Images.InspectImageAsync(options.Value.ReferenceImage, ct)).ID.Replace("sha256:", "")[..12];
        var hash = Convert.ToHexStringLower(SHA256.HashData(inputs.OrderBy(i => i.Key, StringComparer.Ordinal).SelectMany(i => i.Value).ToArray()))[..16];
        var key = $"{assignment.Id}-{hash}-{imageId}";
        var dir = Path.Combine(Path.GetFullPath(options.Value.DataPath), "baselines", key);
        using var held = await Training.AcquireAsync(key, ct);
        var fromCache = !retrain && File.Exists(Path.Combine(dir, "log.txt"));
        var watch = Stopwatch.StartNew();
        if (!fromCache)
        {
            var request = new SandboxRequest(options.Value.ReferenceImage, Limits, inputs.Select(i => new SandboxFile(i.Key, i.Value)).ToList())
            {
                Command = ["/opt/reference/reference", "baseline", "--stdio"],
                Label = $"baseline {assignment.Id}",
            };
            var result = await sandbox.RunAsync(request, ct);
            var payload = ResultFrame.Find(result.Stdout.Bytes);
            if (payload is null || result.ExitCode != 0)
                throw new GradingInfrastructureException($"the reference could not train the baseline of {assignment.Id}: it {result.Describe()}.\n{result.Stderr.Text}");
            var files = TarArchive.Unpack(payload, 256L * 1024 * 1024);
            // Write beside, then rename: a crash never leaves a half-written baseline behind.
            var temp = dir + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Directory.CreateDirectory(temp);
            foreach (var name in new[] { "weights.dat", "validation_predictions.csv", "test_predictions.csv", "log.txt" })
                await File.WriteAllBytesAsync(Path.Combine(temp, name),
                    files.TryGetValue(name, out var bytes) ? bytes : throw new GradingInfrastructureException($"the reference wrote no {name}"), ct);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.Move(temp, dir);
        }
        var kept = Directory.EnumerateFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        return new Trained(key, kept, watch.Elapsed.TotalSeconds, fromCache);
    }
}
