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
        Assert.Contains(a.Manifest.Tests, t => t.Visibility == "hidden");
        Assert.Contains(a.Manifest.Tests, t => t.Visibility == "after_due");
        Assert.Contains(a.Manifest.Tests, t => t.Case["dtype"] == "float32");
        Assert.Equal(5, a.Manifest.Mutants.Count);
        Assert.Equal("none", a.Manifest.Sandbox.Gpu);
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
            sandbox: { gpu: sometimes }
            tests:
              - { name: t1, entry: f, points: -1, visibility: secret }
              - { name: t1, entry: f, points: 1 }
            mutants:
              - { patch: m.py, fails: [t9] }
            """);
        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(dir.FullName));
        foreach (var expected in new[] { "differs from its folder", "must name a .py module", "sandbox.gpu 'sometimes'",
                     "test 't1' is listed twice", "negative points", "visibility 'secret'", "unknown test 't9'",
                     "a mutant is a unified diff" })
            Assert.Contains(expected, e.Message);
    }
}
