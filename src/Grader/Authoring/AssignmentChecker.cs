using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;

namespace Course.Grader.Authoring;

/// <summary>
/// Keeps an assignment honest: grades its solution (must score full marks), each mutant (must fail exactly the
/// tests its manifest lists) and its starter (must be graded without crashing and score less than full marks),
/// all through the real pipeline and sandbox.
/// </summary>
public sealed class AssignmentChecker(GradingPipeline pipeline)
{
    public async Task<IReadOnlyList<CheckRow>> CheckAsync(LoadedAssignment assignment, CancellationToken ct = default)
    {
        var m = assignment.Manifest;
        var rows = new List<CheckRow>
        {
            await GradeAsync(assignment, "solution", m.Solution, "full marks", failed =>
                failed.Count == 0 ? null : $"fails {string.Join(", ", failed)}", ct),
        };
        foreach (var mutant in m.Mutants)
            rows.Add(await GradeAsync(assignment, "mutant", mutant.File, $"fails {string.Join(", ", mutant.Fails)}",
                failed => Surprise(mutant.Fails, failed), ct));
        rows.Add(await GradeAsync(assignment, "starter", m.Starter, "graded, less than full marks", failed =>
            failed.Count > 0 ? null : "scores full marks: the starter gives the answer away", ct));
        return rows;
    }

    /// <summary>Null when the mutant failed exactly the listed tests; else what differed.</summary>
    static string? Surprise(IReadOnlyCollection<string> listed, IReadOnlyCollection<string> failed)
    {
        var notFailed = listed.Except(failed).ToList();
        var extra = failed.Except(listed).ToList();
        var parts = new List<string>();
        if (notFailed.Count > 0) parts.Add($"passes {string.Join(", ", notFailed)}");
        if (extra.Count > 0) parts.Add($"also fails {string.Join(", ", extra)}");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    async Task<CheckRow> GradeAsync(LoadedAssignment assignment, string role, string file, string expected,
        Func<IReadOnlyList<string>, string?> surprise, CancellationToken ct)
    {
        var path = assignment.PathOf(file);
        if (!File.Exists(path))
            return new CheckRow(assignment.Id, role, file, expected, "file missing", 0, assignment.Manifest.Points, false);
        try
        {
            var report = await pipeline.GradeAsync(assignment, new SubmissionUpload(Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct)), ct);
            var failed = report.Tests.Where(t => !t.Passed).Select(t => t.Name).ToList();
            var problem = surprise(failed);
            var got = problem ?? (failed.Count == 0 ? "full marks" : $"fails {string.Join(", ", failed)}");
            return new CheckRow(assignment.Id, role, file, expected, got, report.Score, report.MaxScore, problem is null);
        }
        catch (SubmissionRejectedException e)
        {
            return new CheckRow(assignment.Id, role, file, expected, $"not graded: {e.Message}", 0, assignment.Manifest.Points, false);
        }
    }
}
