namespace Course.Contracts.Manifest;

/// <summary>What a student hands in: the module the tests import (or, for a project, a predictions file), and the upload size cap.</summary>
public sealed class SubmissionSpec
{
    public string Module { get; set; } = "";
    /// <summary>
    /// Projects graded on predictions: the CSV's name inside the uploaded zip, which also holds the notebook or code
    /// and the report. Empty for assignments whose code runs in the sandbox.
    /// </summary>
    public string Predictions { get; set; } = "";
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
}
