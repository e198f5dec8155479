using Course.Contracts.Manifest;
using Course.Reference.Goldens;

namespace Course.Reference.Tests;

/// <summary>Generators are found, not listed: every assignment's <c>reference:</c> names exactly one of them.</summary>
public sealed class GoldenDiscoveryTests
{
    [Fact]
    public void Every_assignment_in_the_course_has_a_discovered_generator()
    {
        var catalog = new AssignmentCatalog(Path.Combine(CourseRoot.OfBuildOutput(), "assignments"));
        var names = GoldenBuilder.Generators.Select(g => g.Name).ToList();

        Assert.NotEmpty(catalog.All);
        // A project graded on predictions has no goldens: its reference is the baseline (`reference baseline`).
        Assert.All(catalog.All.Where(a => !a.Manifest.GradesPredictions), a => Assert.Contains(a.Manifest.Reference, names));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void An_unknown_generator_is_refused_with_the_known_ones_listed()
    {
        var manifest = new AssignmentManifest { Id = "a99-nothing", Reference = "a99-nothing" };
        var e = Assert.Throws<ArgumentException>(() => GoldenBuilder.Build(manifest, 1));
        Assert.Contains("a01-attention", e.Message);
    }
}
