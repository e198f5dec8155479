using Course.Contracts.Manifest;
using Course.Grader.Datasets;
using Microsoft.Extensions.Options;

namespace Course.Grader.Evaluation;

/// <summary>
/// A predictions project's files as the grader reads them: the released test ids (public, in the assignment's
/// folder) and the test labels and baseline predictions (trusted, under <see cref="GraderOptions.TrustedPath"/>).
/// Only the trusted evaluation stage and the course's authoring commands call it; no page, download or sandbox does.
/// </summary>
public sealed class ProjectData(IOptions<GraderOptions> options)
{
    public string TrustedRoot => options.Value.TrustedPath;

    public IReadOnlyList<string> TestIds(LoadedAssignment assignment) =>
        SplitCsv.Read(File.ReadAllBytes(assignment.PathOf(Dataset(assignment).Test))).Skip(1).Select(r => r[0]).ToList();

    public string LabelsPath(LoadedAssignment assignment) => Path.Combine(TrustedRoot, Dataset(assignment).Labels);

    public string BaselinePredictionsPath(LoadedAssignment assignment) =>
        Path.Combine(TrustedRoot, assignment.Manifest.Baseline?.Predictions is { Length: > 0 } p ? p : throw new ManifestException($"{assignment.Id} names no baseline predictions"));

    public IReadOnlyList<TestLabel> Labels(LoadedAssignment assignment)
    {
        var path = LabelsPath(assignment);
        if (!File.Exists(path))
            throw new GradingInfrastructureException($"the test labels of {assignment.Id} are not at {path} (Grader:TrustedPath); run ./course split {assignment.Id}");
        return SplitCsv.Read(File.ReadAllBytes(path)).Skip(1)
            .Select(r => new TestLabel(r[0], r[1], EnumNames.Parse<TestPart>(r[2]))).ToList();
    }

    static DatasetSpec Dataset(LoadedAssignment assignment) =>
        assignment.Manifest.Dataset ?? throw new ManifestException($"{assignment.Id} has no dataset");
}
