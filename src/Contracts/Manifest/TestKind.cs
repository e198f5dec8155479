namespace Course.Contracts.Manifest;

/// <summary>How a test is judged (written snake_case in manifests: comparison, evaluation).</summary>
public enum TestKind
{
    /// <summary>The submission's outputs against the reference's, within the test's tolerances.</summary>
    Comparison,
    /// <summary>
    /// A predictions file scored by the grader itself, outside the sandbox, against labels only the grader holds:
    /// macro-F1 on one part of the test set, mapped linearly from the baseline's figure to the test's target.
    /// </summary>
    Evaluation,
}
