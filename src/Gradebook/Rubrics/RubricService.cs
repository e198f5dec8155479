using System.Globalization;
using Course.Contracts.Manifest;
using Course.Gradebook.Data;
using Course.Gradebook.Grades;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Rubrics;

/// <summary>
/// Hand grading with a rubric: instructors write the items, TAs tick them on a submission and comment, instructors
/// publish the grades to students. Every change is written to the audit log in the same save.
/// </summary>
public sealed class RubricService(CourseDbContext db, GradingDbContext grading, AssignmentCatalog catalog, TimeProvider clock)
{
    public const int MaxTitle = 200, MaxDescription = 2000, MaxComment = 10_000;

    public Task<List<RubricItem>> ItemsAsync(string assignmentId, CancellationToken ct = default) =>
        db.RubricItems.AsNoTracking().Where(i => i.AssignmentId == assignmentId)
            .OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(ct);

    public async Task<RubricItem> AddItemAsync(string assignmentId, string title, double points, string? description, string actor, CancellationToken ct = default)
    {
        var assignment = WithRubric(assignmentId);
        var (t, d) = CheckItem(assignment, title, points, description);
        var position = await db.RubricItems.Where(i => i.AssignmentId == assignment.Id).Select(i => (int?)i.Position).MaxAsync(ct) ?? 0;
        var item = db.RubricItems.Add(new RubricItem { AssignmentId = assignment.Id, Title = t, Description = d, Points = points, Position = position + 1 }).Entity;
        db.Audit(clock.GetUtcNow(), actor, "rubric item added", $"“{t}” ({Signed(points)})", null, assignment.Id);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <returns>How many grades the change re-scores (those that applied the item).</returns>
    public async Task<int> UpdateItemAsync(long itemId, string title, double points, string? description, string actor, CancellationToken ct = default)
    {
        var item = await db.RubricItems.SingleOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new GradebookException($"there is no rubric item {itemId}");
        var (t, d) = CheckItem(WithRubric(item.AssignmentId), title, points, description);
        var uses = await UsesAsync(item.Id, ct);
        var change = item.Points == points ? $"“{t}”" : $"“{t}”: {Signed(item.Points)} → {Signed(points)}, {uses} grade(s) re-scored";
        (item.Title, item.Description, item.Points) = (t, d, points);
        db.Audit(clock.GetUtcNow(), actor, "rubric item changed", change, null, item.AssignmentId);
        await db.SaveChangesAsync(ct);
        return uses;
    }

    /// <returns>How many grades lose the item.</returns>
    public async Task<int> DeleteItemAsync(long itemId, string actor, CancellationToken ct = default)
    {
        var item = await db.RubricItems.SingleOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new GradebookException($"there is no rubric item {itemId}");
        var uses = await UsesAsync(item.Id, ct);
        db.RubricItems.Remove(item);
        db.Audit(clock.GetUtcNow(), actor, "rubric item deleted", $"“{item.Title}” ({Signed(item.Points)}), taken out of {uses} grade(s)", null, item.AssignmentId);
        await db.SaveChangesAsync(ct);
        return uses;
    }

    /// <summary>Grades a submission: the items that apply (all from its assignment's rubric) and a comment, replacing
    /// any earlier rubric grade of the same student on the same assignment.</summary>
    public async Task<RubricGradeView> GradeAsync(long submissionId, IReadOnlyCollection<long> itemIds, string? comment, string actor, CancellationToken ct = default)
    {
        var submission = await grading.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId, ct)
            ?? throw new GradebookException($"there is no submission {submissionId}");
        var assignment = WithRubric(submission.AssignmentId);
        var text = (comment ?? "").Trim();
        if (text.Length > MaxComment) throw new GradebookException($"the comment is {text.Length:N0} characters; at most {MaxComment:N0} are kept");
        var items = await db.RubricItems.Where(i => i.AssignmentId == assignment.Id).ToListAsync(ct);
        var unknown = itemIds.Where(id => items.All(i => i.Id != id)).ToList();
        if (unknown.Count > 0) throw new GradebookException($"rubric item {unknown[0]} is not on {assignment.Id}'s rubric");

        var grade = await db.RubricGrades.Include(g => g.Applied)
            .SingleOrDefaultAsync(g => g.Student == submission.Student && g.AssignmentId == assignment.Id, ct);
        grade ??= db.RubricGrades.Add(new RubricGrade { Student = submission.Student, AssignmentId = assignment.Id, GradedBy = actor }).Entity;
        grade.SubmissionId = submission.Id;
        grade.Comment = text;
        grade.GradedBy = actor;
        grade.At = clock.GetUtcNow();
        grade.Applied.Clear();
        grade.Applied.AddRange(itemIds.Distinct().Select(id => new AppliedRubricItem { RubricItemId = id }));

        var applied = items.Where(i => itemIds.Contains(i.Id)).OrderBy(i => i.Position).ToList();
        var score = Score(assignment, applied);
        db.Audit(clock.GetUtcNow(), actor, "rubric grade",
            $"{score:0.##} / {assignment.Manifest.RubricPoints:0.##} on submission {submission.Id}: " +
            (applied.Count == 0 ? "no items" : string.Join("; ", applied.Select(i => $"{i.Title} ({Signed(i.Points)})"))),
            submission.Student, assignment.Id, submission.Id);
        await db.SaveChangesAsync(ct);
        return new RubricGradeView(submission.Student, assignment.Id, submission.Id, applied, grade.Comment, score, assignment.Manifest.RubricPoints, actor, grade.At, await IsPublishedAsync(assignment.Id, ct));
    }

    /// <summary>The student's rubric grade on the assignment, for staff; null when nobody has graded it yet.</summary>
    public Task<RubricGradeView?> GradeOfAsync(string student, string assignmentId, CancellationToken ct = default) =>
        ViewAsync(student, assignmentId, studentView: false, ct);

    /// <summary>What the student may see of their rubric grade: nothing until the instructor publishes the assignment's grades.</summary>
    public Task<RubricGradeView?> PublishedGradeOfAsync(string student, string assignmentId, CancellationToken ct = default) =>
        ViewAsync(student, assignmentId, studentView: true, ct);

    public Task<bool> IsPublishedAsync(string assignmentId, CancellationToken ct = default) =>
        db.RubricReleases.AnyAsync(r => r.AssignmentId == assignmentId, ct);

    public async Task PublishAsync(string assignmentId, bool published, string actor, CancellationToken ct = default)
    {
        var assignment = WithRubric(assignmentId);
        var release = await db.RubricReleases.SingleOrDefaultAsync(r => r.AssignmentId == assignment.Id, ct);
        if (published == release is not null) return;
        if (published) db.RubricReleases.Add(new RubricRelease { AssignmentId = assignment.Id, By = actor, At = clock.GetUtcNow() });
        else db.RubricReleases.Remove(release!);
        var graded = await db.RubricGrades.CountAsync(g => g.AssignmentId == assignment.Id, ct);
        db.Audit(clock.GetUtcNow(), actor, published ? "rubric grades published" : "rubric grades withdrawn",
            published ? $"{graded} graded student(s) now see their rubric grade" : "students no longer see their rubric grades", null, assignment.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every student's rubric points, as the gradebook adds them: all of them for staff, published ones for students.</summary>
    public async Task<List<RubricScore>> ScoresAsync(IReadOnlyCollection<string> students, bool publishedOnly, CancellationToken ct = default)
    {
        var released = await db.RubricReleases.Select(r => r.AssignmentId).ToListAsync(ct);
        var rows = await db.RubricGrades.AsNoTracking()
            .Where(g => students.Contains(g.Student) && (!publishedOnly || released.Contains(g.AssignmentId)))
            .Select(g => new { g.Student, g.AssignmentId, Points = g.Applied.Select(a => a.Item.Points).ToList() })
            .ToListAsync(ct);
        return rows.Select(r => new RubricScore(r.Student, r.AssignmentId, r.Points.Sum())).ToList();
    }

    /// <summary>What there is to read on an assignment: each student's latest submission, and their rubric grade if any.</summary>
    public async Task<List<ReviewRow>> ReviewsAsync(string assignmentId, CancellationToken ct = default)
    {
        var assignment = WithRubric(assignmentId);
        var latest = await grading.Submissions.AsNoTracking().Where(s => s.AssignmentId == assignment.Id)
            .GroupBy(s => s.Student).Select(g => new { Student = g.Key, Id = g.Max(s => s.Id), Count = g.Count() }).ToListAsync(ct);
        var grades = await db.RubricGrades.AsNoTracking().Where(g => g.AssignmentId == assignment.Id)
            .Select(g => new { g.Student, g.SubmissionId, g.GradedBy, Points = g.Applied.Select(a => a.Item.Points).ToList() })
            .ToListAsync(ct);
        var byStudent = grades.ToDictionary(g => g.Student);
        return latest.OrderBy(l => l.Student, StringComparer.OrdinalIgnoreCase).Select(l =>
        {
            var grade = byStudent.GetValueOrDefault(l.Student);
            return new ReviewRow(l.Student, l.Id, l.Count, grade?.SubmissionId,
                grade is null ? null : Score(assignment, grade.Points.Sum()), grade?.GradedBy);
        }).ToList();
    }

    async Task<RubricGradeView?> ViewAsync(string student, string assignmentId, bool studentView, CancellationToken ct)
    {
        if (catalog.Find(assignmentId) is not { Manifest.HasRubric: true } assignment) return null;
        var published = await IsPublishedAsync(assignment.Id, ct);
        if (studentView && !published) return null;
        var grade = await db.RubricGrades.AsNoTracking().Include(g => g.Applied).ThenInclude(a => a.Item)
            .SingleOrDefaultAsync(g => g.Student == student && g.AssignmentId == assignment.Id, ct);
        if (grade is null) return null;
        var applied = grade.Applied.Select(a => a.Item).OrderBy(i => i.Position).ThenBy(i => i.Id).ToList();
        return new RubricGradeView(grade.Student, grade.AssignmentId, grade.SubmissionId, applied, grade.Comment, Score(assignment, applied),
            assignment.Manifest.RubricPoints, grade.GradedBy, grade.At, published);
    }

    Task<int> UsesAsync(long itemId, CancellationToken ct) =>
        db.RubricGrades.CountAsync(g => g.Applied.Any(a => a.RubricItemId == itemId), ct);

    LoadedAssignment WithRubric(string assignmentId)
    {
        var assignment = catalog.Find(assignmentId) ?? throw new GradebookException($"there is no assignment '{assignmentId}'");
        if (!assignment.Manifest.HasRubric) throw new GradebookException($"{assignment.Id} is graded by its tests only: it has no rubric (rubric_points in assignment.yaml)");
        return assignment;
    }

    static (string Title, string Description) CheckItem(LoadedAssignment assignment, string title, double points, string? description)
    {
        var t = (title ?? "").Trim();
        var d = (description ?? "").Trim();
        if (t.Length == 0) throw new GradebookException("give the item a title");
        if (t.Length > MaxTitle) throw new GradebookException($"the title is {t.Length} characters; at most {MaxTitle}");
        if (d.Length > MaxDescription) throw new GradebookException($"the description is {d.Length:N0} characters; at most {MaxDescription:N0}");
        var max = assignment.Manifest.RubricPoints;
        if (double.IsNaN(points) || double.IsInfinity(points) || Math.Abs(points) > max)
            throw new GradebookException($"an item is worth between −{max:0.##} and {max:0.##} points (the rubric's total)");
        return (t, d);
    }

    /// <summary>The applied items' sum, clamped to [0, the rubric's points] as the gradebook counts it.</summary>
    static double Score(LoadedAssignment assignment, IEnumerable<RubricItem> applied) => Score(assignment, applied.Sum(i => i.Points));

    static double Score(LoadedAssignment assignment, double sum) => Math.Clamp(sum, 0, assignment.Manifest.RubricPoints);

    static string Signed(double points) => points.ToString("+0.##;−0.##;0", CultureInfo.InvariantCulture);
}
