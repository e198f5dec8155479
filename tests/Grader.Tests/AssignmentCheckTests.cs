using Course.Grader.Authoring;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Grader.Tests;

/// <summary>
/// What <c>./course check --all</c> does, for every assignment in the course: the solution scores full marks,
/// each mutant fails exactly the tests its manifest lists, the starter is graded and scores less.
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

        Assert.Equal(grader.Assignment(id).Manifest.Mutants.Count + 2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ok, $"{r.File}: expected {r.Expected}; got {r.Got}"));
        Assert.True(grader.Assignment(id).Manifest.Mutants.Count >= 4, "an assignment keeps at least four mutants");
    }
}
