using Course.Contracts.Manifest;

namespace Course.Grader.Tests.Evaluation;

/// <summary>The final project's manifest and the grader's trusted folder, as the repository holds them.</summary>
static class PhraseBank
{
    public static LoadedAssignment Assignment { get; } =
        ManifestLoader.Load(Path.Combine(GraderFixture.RepoRoot, "assignments", "final-phrasebank"));

    public static string TrustedRoot { get; } = Path.Combine(GraderFixture.RepoRoot, "trusted");

    public static string LabelsPath => Path.Combine(TrustedRoot, Assignment.Manifest.Dataset!.Labels);
}
