using Course.Contracts.Manifest;

namespace Course.Grader.Tests;

public sealed class ManifestLoaderTests
{
    [Fact]
    public void The_a01_manifest_loads_with_its_tests_mutants_and_limits()
    {
        var a = ManifestLoader.Load(Path.Combine(GraderFixture.RepoRoot, "assignments", "a01-attention"));
        Assert.Equal("a01-attention", a.Id);
        Assert.Equal(100, a.Manifest.Points);
        Assert.Contains(a.Manifest.Tests, t => t.Visibility == Visibility.Hidden);
        Assert.Contains(a.Manifest.Tests, t => t.Visibility == Visibility.AfterDue);
        Assert.Contains(a.Manifest.Tests, t => t.Case["dtype"] == "float32");
        Assert.Equal(5, a.Manifest.Mutants.Count);
        Assert.Equal(GpuMode.None, a.Manifest.Sandbox.Gpu);
        Assert.Equal(16, a.ManifestHash.Length);
    }

    [Fact]
    public void Every_problem_in_a_manifest_is_reported_at_once()
    {
        var dir = Directory.CreateTempSubdirectory().CreateSubdirectory("a99-broken");
        File.WriteAllText(Path.Combine(dir.FullName, "assignment.yaml"), """
            id: a99-other
            title: Broken
            submission: { module: thing.txt }
            reference: x
            tests:
              - { name: t1, entry: f, points: -1 }
              - { name: t1, entry: f, points: 1 }
            mutants:
              - { patch: m.py, fails: [t9] }
            """);
        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(dir.FullName));
        foreach (var expected in new[] { "differs from its folder", "must name a .py module",
                     "test 't1' is listed twice", "negative points", "unknown test 't9'",
                     "a mutant is a unified diff", "has no hint" })
            Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("sandbox: { gpu: sometimes }", "sometimes")]
    [InlineData("tests: [{ name: t1, entry: f, points: 1, visibility: secret }]", "secret")]
    [InlineData("tests: [{ name: t1, entry: f, points: 1, kind: vibes }]", "vibes")]
    public void A_value_outside_an_enumeration_is_refused_naming_the_file_and_the_value(string line, string value)
    {
        var dir = Directory.CreateTempSubdirectory("manifest-");
        var path = Path.Combine(dir.FullName, "assignment.yaml");
        File.WriteAllText(path, $"id: {dir.Name}\ntitle: T\n{line}\n");
        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(dir.FullName));
        Assert.Contains($"{path}, line 3", e.Message);
        Assert.Contains($"'{value}'", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
