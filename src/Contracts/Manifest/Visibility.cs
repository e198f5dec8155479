namespace Course.Contracts.Manifest;

/// <summary>When a student may see a test's result (written snake_case in manifests and the store: visible, after_due, hidden).</summary>
public enum Visibility
{
    Visible,
    /// <summary>Once the student's own due date (extension included) has passed.</summary>
    AfterDue,
    /// <summary>Never to the student; staff always see it.</summary>
    Hidden,
}
