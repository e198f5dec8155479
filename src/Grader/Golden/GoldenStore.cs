using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Docker.DotNet;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Course.Grader.Golden;

/// <summary>
/// Goldens on disk under data/goldens, keyed by assignment, manifest hash, reference image and
/// seed: a change to any of them makes new goldens, and nothing else does. The goldens graded most recently are also
/// kept in memory (a deadline grades the same few assignments over and over; reading and parsing them from disk was a
/// fifth of a warm grade), bounded by <see cref="GraderOptions.GoldenCacheMb"/>.
/// </summary>
public sealed class GoldenStore(ReferenceRunner reference, IDockerClient docker, IOptions<GraderOptions> options) : IDisposable
{
    readonly MemoryCache hot = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.GoldenCacheMb) * 1024L * 1024 });

    // Per key, not one for all: a reference run takes up to 600 s, and another assignment's goldens need not wait for it.
    // The same key is built once; whoever waited for it then reads the cache. Static: one lock for every host in the process.
    static readonly KeyedLock Building = new();

    public async Task<Golden> GetAsync(LoadedAssignment assignment, long seed, CancellationToken ct = default)
    {
        var imageId = (await docker.Images.InspectImageAsync(options.Value.ReferenceImage, ct)).ID;
        var key = $"{assignment.Id}-{assignment.ManifestHash}-{imageId.Replace("sha256:", "")[..12]}-{seed}";
        if (hot.TryGetValue(key, out Golden? cached)) return cached!;
        var dir = Path.Combine(Path.GetFullPath(options.Value.DataPath), "goldens", key);
        if (!File.Exists(Path.Combine(dir, "calls.json")))
        {
            using var building = await Building.AcquireAsync(key, ct);
            if (!File.Exists(Path.Combine(dir, "calls.json")))
            {
                var files = await reference.GoldenAsync(assignment, seed, ct);
                // Write beside, then rename: a crash never leaves a half-written golden behind.
                var temp = dir + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
                Directory.CreateDirectory(temp);
                foreach (var name in new[] { "inputs.safetensors", "expected.safetensors", "calls.json" })
                    await File.WriteAllBytesAsync(Path.Combine(temp, name),
                        files.TryGetValue(name, out var bytes) ? bytes : throw new GradingInfrastructureException($"the reference wrote no {name}"), ct);
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
                Directory.Move(temp, dir);
            }
        }
        var expected = SafeTensors.Read(Path.Combine(dir, "expected.safetensors"), SafeTensorsLimits.Trusted);
        var golden = new Golden(key,
            await File.ReadAllBytesAsync(Path.Combine(dir, "inputs.safetensors"), ct),
            await File.ReadAllBytesAsync(Path.Combine(dir, "calls.json"), ct),
            expected, seed, expected.Metadata.GetValueOrDefault("reference", "unknown"), imageId);
        // Sized by its files: the parsed tensors take about what their file did. One larger than the whole cache is not kept.
        var size = golden.Inputs.Length + golden.Calls.Length + new FileInfo(Path.Combine(dir, "expected.safetensors")).Length;
        hot.Set(key, golden, new MemoryCacheEntryOptions { Size = size, SlidingExpiration = TimeSpan.FromHours(1) });
        return golden;
    }

    public void Dispose() => hot.Dispose();

    /// <summary>Copies an assignment's golden files to a folder (for <c>./course golden</c>).</summary>
    public async Task ExportAsync(LoadedAssignment assignment, long seed, string outDir, CancellationToken ct = default)
    {
        var golden = await GetAsync(assignment, seed, ct);
        var dir = Path.Combine(Path.GetFullPath(options.Value.DataPath), "goldens", golden.Key);
        Directory.CreateDirectory(outDir);
        foreach (var file in Directory.EnumerateFiles(dir))
            File.Copy(file, Path.Combine(outDir, Path.GetFileName(file)), overwrite: true);
    }
}
