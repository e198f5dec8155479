using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;

namespace Course.Grader.Authoring;

/// <summary>
/// Keeps an assignment honest: grades its solution and every alternative formulation (each must score full marks),
/// each mutant (the solution with its patch applied; must fail exactly the tests its manifest lists) and its starter
/// (must be graded without crashing and score less than full marks), all through the real pipeline and sandbox.
/// A project graded on predictions is checked by <see cref="ProjectChecker"/>.
/// </summary>
public sealed class AssignmentChecker(GradingPipeline pipeline, ProjectChecker projects)
{
    public async Task<IReadOnlyList<CheckRow>> CheckAsync(LoadedAssignment assignment, CancellationToken ct = default)
    {
        // A project graded on predictions has no solution or mutants: its own checks (ProjectChecker).
        if (assignment.Manifest.GradesPredictions) return await projects.CheckAsync(assignment, ct);
        var m = assignment.Manifest;
        var rows = new List<CheckRow> { await GradeFileAsync(assignment, "solution", m.Solution, FullMarks, ct) };
        foreach (var alternative in m.Alternatives)
            rows.Add(await GradeFileAsync(assignment, "alternative", alternative.File, FullMarks, ct));
        foreach (var mutant in m.Mutants)
            rows.Add(await GradeMutantAsync(assignment, mutant, ct));
        rows.Add(await GradeFileAsync(assignment, "starter", m.Starter, new Expectation("graded, less than full marks", failed =>
            failed.Count > 0 ? null : "scores full marks: the starter gives the answer away"), ct));
        return rows;
    }

    /// <summary>What the manifest says a file must do, and a judge that returns null when it did, else what differed.</summary>
    sealed record Expectation(string Text, Func<IReadOnlyList<string>, string?> Surprise);

    static readonly Expectation FullMarks = new("full marks", failed => failed.Count == 0 ? null : $"fails {string.Join(", ", failed)}");

    static Expectation FailsExactly(IReadOnlyCollection<string> listed) => new($"fails {string.Join(", ", listed)}", failed =>
    {
        var notFailed = listed.Except(failed).ToList();
        var extra = failed.Except(listed).ToList();
        var parts = new List<string>();
        if (notFailed.Count > 0) parts.Add($"passes {string.Join(", ", notFailed)}");
        if (extra.Count > 0) parts.Add($"also fails {string.Join(", ", extra)}");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    });

    Task<CheckRow> GradeFileAsync(LoadedAssignment assignment, string role, string file, Expectation expected, CancellationToken ct)
    {
        var path = assignment.PathOf(file);
        return File.Exists(path)
            ? GradeAsync(assignment, role, file, expected, async () => new SubmissionUpload(Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct)), ct)
            : Task.FromResult(Refused(assignment, role, file, expected, "file missing"));
    }

    Task<CheckRow> GradeMutantAsync(LoadedAssignment assignment, MutantSpec mutant, CancellationToken ct)
    {
        var expected = FailsExactly(mutant.Fails);
        if (!File.Exists(assignment.PathOf(mutant.Patch)))
            return Task.FromResult(Refused(assignment, "mutant", mutant.Patch, expected, "file missing"));
        try
        {
            var upload = MutantSource.Upload(assignment, mutant);
            return GradeAsync(assignment, "mutant", mutant.Patch, expected, () => Task.FromResult(upload), ct);
        }
        catch (PatchException e)
        {
            return Task.FromResult(Refused(assignment, "mutant", mutant.Patch, expected, $"patch does not apply: {e.Message}"));
        }
    }

    async Task<CheckRow> GradeAsync(LoadedAssignment assignment, string role, string file, Expectation expected,
        Func<Task<SubmissionUpload>> upload, CancellationToken ct)
    {
        try
        {
            var report = await pipeline.GradeAsync(assignment, await upload(), ct);
            var failed = report.Tests.Where(t => !t.Passed).Select(t => t.Name).ToList();
            var problem = expected.Surprise(failed);
            var got = problem ?? (failed.Count == 0 ? "full marks" : $"fails {string.Join(", ", failed)}");
            return new CheckRow(assignment.Id, role, file, expected.Text, got, report.Score, report.MaxScore, problem is null);
        }
        catch (SubmissionRejectedException e)
        {
            return Refused(assignment, role, file, expected, $"not graded: {e.Message}");
        }
    }

    static CheckRow Refused(LoadedAssignment assignment, string role, string file, Expectation expected, string why) =>
        new(assignment.Id, role, file, expected.Text, why, 0, assignment.Manifest.AutogradedPoints, false);
}
