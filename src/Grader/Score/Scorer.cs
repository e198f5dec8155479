using Course.Grader.Compare;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;

namespace Course.Grader.Score;

/// <summary>Turns the harness's per-test status and the comparisons into points and feedback.</summary>
public static class Scorer
{
    public static TestResult ScoreTest(TestSpec test, HarnessStatus? status, CallInfo call,
        SafeTensorsFile expected, IReadOnlyDictionary<string, TensorData> actual)
    {
        if (status is null)
            return Failed(test, "the test did not run (the sandbox ended before reaching it)");
        if (status.Status != "ok")
        {
            var text = status.Status switch
            {
                "timeout" => $"timed out: {status.Message}",
                "crashed" => $"crashed: {status.Message}",
                _ => status.Message,
            };
            if (string.IsNullOrWhiteSpace(text)) text = $"failed ({status.Status}) without a message";
            if (!string.IsNullOrWhiteSpace(status.Traceback)) text += "\n" + status.Traceback.TrimEnd();
            return Failed(test, text, status.Seconds);
        }
        // Outputs are compared in order, so the first one that differs is the one reported first.
        var lines = new List<string>();
        var passed = true;
        foreach (var output in call.Outputs)
        {
            var key = TensorKeys.Of(test.Name, output);
            var c = TensorComparer.Compare(output, expected.Tensors[key], actual.GetValueOrDefault(key), test.Rtol, test.Atol);
            passed &= c.Passed;
            lines.Add(c.Message);
        }
        if (!passed && call.Stages is { Count: > 0 } stages)
            lines.Add(StageReport.FirstDivergence(test, stages, expected, actual));
        var feedback = string.Join("\n", lines);
        return passed
            ? new TestResult(test.Name, TestOutcome.Passed, test.Points, test.Points, feedback, test.Visibility, status.Seconds)
            : Failed(test, feedback, status.Seconds);
    }

    static TestResult Failed(TestSpec test, string output, double? seconds = null) =>
        new(test.Name, TestOutcome.Failed, 0, test.Points, output, test.Visibility, seconds);
}
