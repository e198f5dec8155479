using System.Security.Cryptography;
using System.Text;
using Course.Contracts.Interchange;
using Microsoft.Extensions.Options;

namespace Course.Grader.Golden;

/// <summary>
/// The outputs each known mistake (mutant) gives on an assignment's golden inputs, kept beside the goldens under
/// <c>mutants/&lt;name&gt;-&lt;hash of its source&gt;.safetensors</c>: made once, by running the patched solution in the
/// sandbox, the first time a failing submission needs them, and made again only when the goldens or the mutant change.
/// </summary>
public sealed class MutantOutputs(IOptions<GraderOptions> options)
{
    static readonly KeyedLock Making = new();

    /// <summary>The mutant's outputs, made by <paramref name="make"/> when they are not kept yet.</summary>
    public async Task<IReadOnlyDictionary<string, TensorData>> GetAsync(Golden golden, string mutant, string source,
        Func<Task<IReadOnlyDictionary<string, TensorData>>> make, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..12];
        var dir = Path.Combine(Path.GetFullPath(options.Value.DataPath), "goldens", golden.Key, "mutants");
        var path = Path.Combine(dir, $"{mutant}-{hash}.safetensors");
        if (!File.Exists(path))
        {
            using var making = await Making.AcquireAsync(path, ct);
            if (!File.Exists(path))
            {
                var outputs = await make();
                Directory.CreateDirectory(dir);
                var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
                await File.WriteAllBytesAsync(temp, SafeTensors.Write(outputs), ct);
                File.Move(temp, path, overwrite: true);
            }
        }
        return SafeTensors.Read(path, SafeTensorsLimits.Trusted).Tensors;
    }
}
