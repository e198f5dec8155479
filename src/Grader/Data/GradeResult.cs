namespace Course.Grader.Data;

/// <summary>A graded submission: its score, per-test results, the sandbox log and the provenance, written in one transaction.</summary>
public sealed class GradeResult
{
    public long Id { get; set; }
    public long SubmissionId { get; set; }
    public double Score { get; set; }
    public double MaxScore { get; set; }
    public required string Summary { get; set; }
    /// <summary>The sandbox log (JSON of <see cref="Score.SandboxLog"/>), for TAs.</summary>
    public required string LogJson { get; set; }
    /// <summary>Images, reference version, seed, tolerances and timings (JSON of <see cref="Score.Provenance"/>).</summary>
    public required string ProvenanceJson { get; set; }
    public DateTimeOffset GradedAt { get; set; }
    /// <summary>The known mistake (mutant) the failing visible tests matched, and the hint the student was shown.</summary>
    public string? MistakeName { get; set; }
    public string? MistakeHint { get; set; }
    /// <summary>Set when the submission could not be imported: the error, shown once above the tests, and the student's traceback.</summary>
    public string? ImportError { get; set; }
    public string? ImportTraceback { get; set; }
    public List<TestResultRow> Tests { get; set; } = [];
}
