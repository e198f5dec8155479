namespace Course.Contracts.Manifest;

/// <summary>How a test is judged. Evaluation tests (a metric from a trusted evaluator) arrive with the first assignment that needs them.</summary>
public enum TestKind
{
    /// <summary>The submission's outputs against the reference's, within the test's tolerances.</summary>
    Comparison,
}
