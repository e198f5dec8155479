using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Compare;
using Course.Grader.Pipeline;

namespace Course.Grader.Score;

/// <summary>
/// Names the mistake a failing submission probably made: a mutant whose outputs the submission's match, under the
/// test's own tolerance rule, on every visible test it fails. Only visible tests choose, so a hint never says anything
/// about a hidden or after-due test before its result may be shown. Nothing is said when no mutant matches them all;
/// when several do, the first in the manifest's order.
/// </summary>
public static class MistakeMatcher
{
    /// <param name="mutants">Each mutant's outputs, keyed by tensor ("test/output"), for the tests it completed.</param>
    public static KnownMistake? Match(AssignmentManifest manifest, IReadOnlyList<TestResult> results,
        IReadOnlyDictionary<string, CallInfo> calls, IReadOnlyDictionary<string, TensorData> actual,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, TensorData>> mutants)
    {
        var failing = results.Where(r => !r.Passed && r.Visibility == Visibility.Visible)
            .Select(r => manifest.FindTest(r.Name)!).ToList();
        if (failing.Count == 0) return null;
        foreach (var mutant in manifest.Mutants)
        {
            if (!mutants.TryGetValue(mutant.Name, out var theirs)) continue;
            if (failing.All(test => Reproduces(test, calls[test.Name], actual, theirs)))
                return new KnownMistake(mutant.Name, mutant.Hint);
        }
        return null;
    }

    /// <summary>Every output of the test is there in both and agrees within the test's tolerances.</summary>
    static bool Reproduces(TestSpec test, CallInfo call, IReadOnlyDictionary<string, TensorData> actual,
        IReadOnlyDictionary<string, TensorData> mutant) =>
        call.Outputs.All(output =>
        {
            var key = TensorKeys.Of(test.Name, output);
            return mutant.TryGetValue(key, out var expected) && actual.TryGetValue(key, out var got)
                && TensorComparer.Compare(output, expected, got, test.Rtol, test.Atol).Passed;
        });
}
