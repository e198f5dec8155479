namespace Course.Grader.Score;

/// <summary>One test's outcome as the student and the gradebook see it.</summary>
public sealed record TestResult(
    string Name,
    string Status,
    double Score,
    double MaxScore,
    string Output,
    string Visibility,
    double? Seconds = null)
{
    public bool Passed => Status == "passed";
}
