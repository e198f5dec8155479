using Course.Gradebook.Data;
using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>
/// The course's grading rules as a pure function of the facts: attempts, overrides, extensions and the time.
/// Per cell, the best attempt after its late penalty plus the rubric grade where the assignment has a rubric (or the
/// override); per category, the mean of the counted
/// cells' fractions after dropping the lowest ones; the total is the weighted mean over categories that count.
/// </summary>
public static class GradebookCalculator
{
    public static StudentGrades Calculate(
        CourseMember student,
        CourseSettings course,
        IReadOnlyList<LoadedAssignment> assignments,
        IEnumerable<GradedAttempt> attempts,
        IEnumerable<GradeOverride> overrides,
        IEnumerable<DeadlineExtension> extensions,
        DateTimeOffset now,
        IEnumerable<RubricScore>? rubric = null)
    {
        var mine = attempts.Where(a => a.Student == student.Email).ToLookup(a => a.AssignmentId);
        var overrideOf = overrides.Where(o => o.Student == student.Email).ToDictionary(o => o.AssignmentId);
        var dueOf = extensions.Where(x => x.Student == student.Email).ToDictionary(x => x.AssignmentId, x => x.Due);
        var rubricOf = (rubric ?? []).Where(r => r.Student == student.Email).ToDictionary(r => r.AssignmentId, r => r.Points);

        var cells = new Dictionary<string, GradeCell>();
        foreach (var a in assignments)
        {
            var due = dueOf.GetValueOrDefault(a.Id, a.Manifest.Due);
            double? byRubric = a.Manifest.HasRubric && rubricOf.TryGetValue(a.Id, out var r) ? Math.Clamp(r, 0, a.Manifest.RubricPoints) : null;
            cells[a.Id] = Cell(a, due, mine[a.Id], overrideOf.GetValueOrDefault(a.Id), byRubric, now);
        }

        var averages = new Dictionary<string, double?>();
        double weighted = 0, weights = 0;
        foreach (var category in course.Categories)
        {
            var fractions = assignments.Where(a => a.Manifest.Category == category.Id)
                .Select(a => cells[a.Id]).Where(c => c.Counts).Select(c => c.Fraction).Order().ToList();
            // Dropping never removes the last counted score.
            var kept = fractions.Skip(Math.Min(category.DropLowest, Math.Max(0, fractions.Count - 1))).ToList();
            double? average = kept.Count > 0 ? kept.Average() : null;
            averages[category.Id] = average;
            if (average is { } avg)
            {
                weighted += category.Weight * avg;
                weights += category.Weight;
            }
        }
        return new StudentGrades(student, cells, averages, weights > 0 ? weighted / weights : null);
    }

    static GradeCell Cell(LoadedAssignment a, DateTimeOffset due, IEnumerable<GradedAttempt> attempts, GradeOverride? manual, double? byRubric, DateTimeOffset now)
    {
        var max = a.Manifest.Points;
        var best = BestAttempt(a, due, attempts);
        // The rubric part is not late-penalised: the report is read once, whichever attempt it came with.
        var pending = a.Manifest.HasRubric && byRubric is null;
        if (best is not null && a.Manifest.HasRubric)
            best = best with { Points = best.Points + (byRubric ?? 0), RubricPoints = byRubric, RubricPending = pending };
        else if (best is null && byRubric is { } alone)
            best = new GradeCell(a.Id, CellState.Graded, alone, max, due, GradedPoints: 0, RubricPoints: alone);
        // An override replaces the points but keeps the attempt it stands beside, so staff still see the real score.
        if (manual is not null)
            return new GradeCell(a.Id, CellState.Overridden, manual.Points, max, due, best?.SubmissionId, best?.RawScore, best?.DaysLate ?? 0,
                best?.PenaltyFactor ?? 1, manual.Reason, best?.Points);
        if (best is not null) return best;
        return now > due ? new GradeCell(a.Id, CellState.Missing, 0, max, due, RubricPending: pending) : new GradeCell(a.Id, CellState.NotDue, null, max, due);
    }

    /// <summary>
    /// The attempt that counts, the one definition of "best attempt": the most points after the late penalty; on a
    /// tie the less late one, then the later submission.
    /// </summary>
    public static GradeCell? BestAttempt(LoadedAssignment a, DateTimeOffset due, IEnumerable<GradedAttempt> attempts)
    {
        var max = a.Manifest.Points;
        return attempts
            .Select(t =>
            {
                var days = LatePenalty.DaysLate(t.SubmittedAt, due);
                var factor = LatePenalty.Factor(days, a.Manifest.LatePolicy);
                // Scores are scaled to the tests' points in the manifest, in case the manifest changed after grading.
                var raw = t.MaxScore > 0 ? t.Score / t.MaxScore * a.Manifest.AutogradedPoints : 0;
                return new GradeCell(a.Id, CellState.Graded, raw * factor, max, due, t.SubmissionId, raw, days, factor, GradedPoints: raw * factor);
            })
            .OrderByDescending(c => c.Points).ThenBy(c => c.DaysLate).ThenByDescending(c => c.SubmissionId).FirstOrDefault();
    }
}
