namespace Course.Grader.Score;

/// <summary>A test's verdict (stored and shown snake_case: passed, failed).</summary>
public enum TestOutcome
{
    Passed,
    Failed,
}
