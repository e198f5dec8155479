namespace Course.Grader.Score;

/// <summary>The result of grading one submission: per-test results, the total, logs and provenance.</summary>
public sealed record GradeReport(
    double Score,
    double MaxScore,
    string Output,
    IReadOnlyList<TestResult> Tests,
    SandboxLog Log,
    Provenance Provenance,
    double ExecutionSeconds)
{
    /// <summary>The known mistake the failing visible tests point at, if one matches them all.</summary>
    public KnownMistake? Mistake { get; init; }

    /// <summary>Set when the submission could not be imported: said once, and the tests say they did not run.</summary>
    public ImportFailure? ImportFailure { get; init; }
}
