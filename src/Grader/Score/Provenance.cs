namespace Course.Grader.Score;

/// <summary>Everything needed to re-derive a grade: which images, reference, seed, tolerances and how long each stage took.</summary>
public sealed record Provenance(
    string AssignmentId,
    string ManifestHash,
    string SandboxImageId,
    string ReferenceImageId,
    string ReferenceVersion,
    long Seed,
    string GoldenKey,
    IReadOnlyDictionary<string, string> Tolerances,
    IReadOnlyDictionary<string, double> StageSeconds);
