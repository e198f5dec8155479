using TestResult = Course.Grader.Score.TestResult;
using Course.Contracts.Manifest;
using Course.Grader.Score;

namespace Course.Grader.Tests.Queue;

/// <summary>A small, complete grade report, as the pipeline returns for a submission that passed one test of two.</summary>
public static class SampleReport
{
    public static GradeReport Create() => new(5, 10, "1 of 2 tests passed.",
        [
            new TestResult("sdpa_basic", TestOutcome.Passed, 5, 5, "output matches", Visibility.Visible),
            new TestResult("mha_forward", TestOutcome.Failed, 0, 5, "output: differs at [0, 0]", Visibility.Visible),
        ],
        new SandboxLog("", "", "", "exited with code 0", 0, false, false),
        new Provenance("a01-attention", "manifest", "sandbox", "reference", "1.0", 1, "key",
            new Dictionary<string, string>(), new Dictionary<string, double>()),
        0.5);
}
