using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>Runs an assignment's generator over its tests with one fixed seed per test.</summary>
public static class GoldenBuilder
{
    /// <summary>
    /// Every generator in this assembly, found by reflection: an assignment adds its generator next to its model
    /// (e.g. <c>Attention/A01AttentionGoldens.cs</c>) and no list has to name it.
    /// </summary>
    public static readonly IReadOnlyList<IGoldenGenerator> Generators = Discover();

    static IReadOnlyList<IGoldenGenerator> Discover()
    {
        var generators = typeof(GoldenBuilder).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IGoldenGenerator).IsAssignableFrom(t))
            .Select(t => (IGoldenGenerator)Activator.CreateInstance(t)!)
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var twice in generators.GroupBy(g => g.Name).Where(g => g.Count() > 1))
            throw new InvalidOperationException($"two golden generators are named '{twice.Key}': {string.Join(", ", twice.Select(g => g.GetType().Name))}");
        return generators;
    }

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
            if (test.Kind != TestKind.Comparison) continue;
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
