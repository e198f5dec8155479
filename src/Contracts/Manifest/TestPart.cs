namespace Course.Contracts.Manifest;

/// <summary>
/// Which rows of a held-out test set an evaluation test scores (snake_case in manifests: all, public, private). As on
/// Kaggle, the public part is scored for students while the project is open and the private part after the due date.
/// </summary>
public enum TestPart
{
    All,
    Public,
    Private,
}
