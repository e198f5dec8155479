namespace Course.Contracts.Manifest;

/// <summary>What a student hands in: the module the tests import, and the upload size cap.</summary>
public sealed class SubmissionSpec
{
    public string Module { get; set; } = "";
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
}
