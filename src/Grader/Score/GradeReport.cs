namespace Course.Grader.Score;

/// <summary>The result of grading one submission: per-test results, the total, logs and provenance.</summary>
public sealed record GradeReport(
    double Score,
    double MaxScore,
    string Output,
    IReadOnlyList<TestResult> Tests,
    SandboxLog Log,
    Provenance Provenance,
    double ExecutionSeconds);
