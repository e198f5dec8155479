using Course.Grader.Authoring;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Grader.Tests;

/// <summary>
/// What <c>./course check --all</c> does, for every assignment in the course: the solution scores full marks,
/// every alternative scores full marks, each mutant fails exactly the tests its manifest lists, the starter is graded
/// and scores less.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class AssignmentCheckTests(GraderFixture grader)
{
    [Theory]
    [MemberData(nameof(GraderFixture.AssignmentIds), MemberType = typeof(GraderFixture))]
    public async Task Solution_mutants_and_starter_behave_as_the_manifest_says(string id)
    {
        var rows = await grader.Services.GetRequiredService<AssignmentChecker>()
            .CheckAsync(grader.Assignment(id), TestContext.Current.CancellationToken);

        var manifest = grader.Assignment(id).Manifest;
        Assert.All(rows, r => Assert.True(r.Ok, $"{r.File}: expected {r.Expected}; got {r.Got}"));
        if (manifest.GradesPredictions)
        {
            // No solution or mutants (they would hold the test labels): the baseline, perfect, random and malformed files.
            Assert.Equal(["baseline", "retrained", "perfect", "random", "malformed", "starter"], rows.Select(r => r.Role).Distinct());
            Assert.Equal(Authoring.MalformedPredictions.All.Count, rows.Count(r => r.Role == "malformed"));
            return;
        }
        Assert.Equal(manifest.Mutants.Count + manifest.Alternatives.Count + 2, rows.Count);
        Assert.True(manifest.Mutants.Count >= 4, "an assignment keeps at least four mutants");
        Assert.True(manifest.Alternatives.Count >= 1, "an assignment keeps at least one other correct formulation");
    }
}
