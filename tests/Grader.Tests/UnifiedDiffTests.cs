using Course.Contracts.Manifest;
using Course.Grader.Authoring;

namespace Course.Grader.Tests;

public sealed class UnifiedDiffTests
{
    const string Solution = "def f(x):\n    y = x * 2\n    return y\n\n\ndef g(x):\n    return x + 1\n";

    [Fact]
    public void A_diff_from_diff_u_reproduces_the_changed_file()
    {
        const string patch = """
            --- a/solution.py
            +++ b/solution.py
            @@ -1,3 +1,3 @@
             def f(x):
            -    y = x * 2
            +    y = x * 3
                 return y
            @@ -6,2 +6,3 @@
             def g(x):
            -    return x + 1
            +    z = x - 1
            +    return z

            """;
        Assert.Equal("def f(x):\n    y = x * 3\n    return y\n\n\ndef g(x):\n    z = x - 1\n    return z\n", UnifiedDiff.Apply(Solution, patch));
    }

    [Fact]
    public void A_context_line_that_changed_fails_loudly_naming_the_line()
    {
        const string patch = "@@ -1,3 +1,3 @@\n def f(x):\n-    y = x * 5\n+    y = x * 3\n     return y\n";
        var e = Assert.Throws<PatchException>(() => UnifiedDiff.Apply(Solution, patch));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("y = x * 5", e.Message);
    }

    [Theory]
    [InlineData("no hunk here\n", "no hunk")]
    [InlineData("@@ -1,9 +1,9 @@\n def f(x):\n", "says -9 +9")]
    [InlineData("@@ -40,1 +40,1 @@\n-a\n+b\n", "outside the file")]
    [InlineData("@@ -1,1 +1,1 @@\n*def f(x):\n", "starts with '*'")]
    public void A_malformed_patch_is_refused(string patch, string message) =>
        Assert.Contains(message, Assert.Throws<PatchException>(() => UnifiedDiff.Apply(Solution, patch)).Message);

    [Fact]
    public void No_newline_at_end_of_file_is_honoured()
    {
        const string patch = "@@ -7 +7 @@\n-    return x + 1\n+    return x + 2\n\\ No newline at end of file\n";
        Assert.EndsWith("return x + 2", UnifiedDiff.Apply(Solution, patch));
    }

    /// <summary>No Docker needed: a mutant whose solution moved on is caught by the fast tests too.</summary>
    [Theory]
    [MemberData(nameof(GraderFixture.ComparisonAssignmentIds), MemberType = typeof(GraderFixture))]
    public void Every_mutant_patch_applies_to_its_solution_and_changes_it(string id)
    {
        var assignment = ManifestLoader.Load(Path.Combine(GraderFixture.RepoRoot, "assignments", id));
        var solution = File.ReadAllText(assignment.PathOf(assignment.Manifest.Solution));
        Assert.All(assignment.Manifest.Mutants, m => Assert.NotEqual(solution, MutantSource.Text(assignment, m)));
    }
}
