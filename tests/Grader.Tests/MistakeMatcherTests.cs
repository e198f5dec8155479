using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Score;
using TestResult = Course.Grader.Score.TestResult;

namespace Course.Grader.Tests;

/// <summary>Which known mistake a failing submission is told it matches, worked on small outputs by hand.</summary>
public sealed class MistakeMatcherTests
{
    static readonly AssignmentManifest Manifest = new()
    {
        Tests =
        [
            new TestSpec { Name = "a", Visibility = Visibility.Visible, Rtol = 1e-4, Atol = 1e-6 },
            new TestSpec { Name = "b", Visibility = Visibility.Visible, Rtol = 1e-4, Atol = 1e-6 },
            new TestSpec { Name = "h", Visibility = Visibility.Hidden, Rtol = 1e-4, Atol = 1e-6 },
        ],
        Mutants =
        [
            new MutantSpec { Patch = "mutants/halved.diff", Hint = "halved" },
            new MutantSpec { Patch = "mutants/negated.diff", Hint = "negated" },
            new MutantSpec { Patch = "mutants/halved_too.diff", Hint = "also halved" },
        ],
    };

    static readonly IReadOnlyDictionary<string, CallInfo> Calls = new[] { "a", "b", "h" }.ToDictionary(n => n, n => new CallInfo(n, "f", ["y"]));

    static Dictionary<string, TensorData> Outputs(double a, double b, double h) => new()
    {
        ["a/y"] = TensorData.FromDoubles([a, 2 * a], 2),
        ["b/y"] = TensorData.FromDoubles([b], 1),
        ["h/y"] = TensorData.FromDoubles([h], 1),
    };

    // The reference gives a = 1, b = 4, h = 9; each mutant's outputs on the same inputs:
    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, TensorData>> Mutants =
        new Dictionary<string, IReadOnlyDictionary<string, TensorData>>
        {
            ["halved"] = Outputs(0.5, 2, 4.5),
            ["negated"] = Outputs(-1, -4, -9),
            ["halved_too"] = Outputs(0.5, 2, 4.5),
        };

    static List<TestResult> Results(params string[] failed) => Manifest.Tests.Select(t => new TestResult(t.Name,
        failed.Contains(t.Name) ? TestOutcome.Failed : TestOutcome.Passed, 0, 1, "", t.Visibility)).ToList();

    [Fact]
    public void Outputs_that_reproduce_a_mutant_on_every_failing_visible_test_name_it_the_first_in_the_manifest_winning()
    {
        var mistake = MistakeMatcher.Match(Manifest, Results("a", "b", "h"), Calls, Outputs(0.50001, 2, 4.5), Mutants);
        Assert.Equal(new KnownMistake("halved", "halved"), mistake);
        Assert.Equal("This matches a known mistake: halved", mistake!.Feedback);
    }

    [Fact]
    public void One_failing_visible_test_that_matches_no_mutant_means_nothing_is_said()
    {
        Assert.Null(MistakeMatcher.Match(Manifest, Results("a", "b"), Calls, Outputs(0.5, -4, 9), Mutants));
        Assert.Null(MistakeMatcher.Match(Manifest, Results("a"), Calls, Outputs(0.6, 4, 9), Mutants)); // outside the tolerance
    }

    [Fact]
    public void A_failing_test_that_returned_nothing_matches_no_mutant()
    {
        var outputs = Outputs(0.5, 2, 4.5);
        outputs.Remove("b/y");
        Assert.Null(MistakeMatcher.Match(Manifest, Results("a", "b"), Calls, outputs, Mutants));
    }

    [Fact]
    public void Hidden_tests_never_choose_and_alone_say_nothing()
    {
        // Only the hidden test fails: nothing to say before its result may be shown.
        Assert.Null(MistakeMatcher.Match(Manifest, Results("h"), Calls, Outputs(1, 4, -9), Mutants));
        // The visible failure matches "halved"; the hidden one, which looks "negated", is not consulted.
        Assert.Equal("halved", MistakeMatcher.Match(Manifest, Results("a", "h"), Calls, Outputs(0.5, 4, -9), Mutants)?.Name);
    }
}
