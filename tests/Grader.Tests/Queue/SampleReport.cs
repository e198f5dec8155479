using TestResult = Course.Grader.Score.TestResult;
using Course.Grader.Score;

namespace Course.Grader.Tests.Queue;

/// <summary>A small, complete grade report, as the pipeline returns for a submission that passed one test of two.</summary>
public static class SampleReport
{
    public static GradeReport Create() => new(5, 10, "1 of 2 tests passed.",
        [
            new TestResult("sdpa_basic", "passed", 5, 5, "output matches", "visible"),
            new TestResult("mha_forward", "failed", 0, 5, "output: differs at [0, 0]", "visible"),
        ],
        new SandboxLog("", "", "", "exited with code 0", 0, false, false),
        new Provenance("a01-attention", "manifest", "sandbox", "reference", "1.0", 1, "key",
            new Dictionary<string, string>(), new Dictionary<string, double>()),
        0.5);
}
