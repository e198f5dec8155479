using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>Runs an assignment's generator over its tests with one fixed seed per test.</summary>
public static class GoldenBuilder
{
    public static readonly IReadOnlyList<IGoldenGenerator> Generators = [new A01Attention(), new A02Transformer(), new A03FactorAutoencoder(), new A04StyleTransfer()];

    public static string Version => $"reference {typeof(GoldenBuilder).Assembly.GetName().Version?.ToString(3)} (TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, libtorch {__version__})";

    public static IReadOnlyDictionary<string, byte[]> Build(AssignmentManifest manifest, long seed)
    {
        var generator = Generators.FirstOrDefault(g => g.Name == manifest.Reference)
            ?? throw new ArgumentException($"no golden generator '{manifest.Reference}' (known: {string.Join(", ", Generators.Select(g => g.Name))})");
        // CPU, one thread: the same seed gives the same bytes on every machine.
        set_num_threads(1);
        var set = new GoldenSet();
        for (var i = 0; i < manifest.Tests.Count; i++)
        {
            var test = manifest.Tests[i];
            if (test.Kind != "comparison") continue;
            using var scope = NewDisposeScope();
            manual_seed(seed + 7919L * (i + 1));
            generator.Generate(test, new CaseParameters(test), set);
        }
        return set.ToFiles(new Dictionary<string, string>
        {
            ["assignment"] = manifest.Id,
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["reference"] = Version,
        });
    }
}
