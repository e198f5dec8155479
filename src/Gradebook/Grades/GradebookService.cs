using System.Globalization;
using Course.Gradebook.Accounts;
using Course.Gradebook.Data;
using Course.Gradebook.Rubrics;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Course.Grader.Queue;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Course.Gradebook.Grades;

/// <summary>
/// The gradebook from the store: builds it with <see cref="GradebookCalculator"/>, and records what instructors do to it
/// (overrides, extensions, re-grades), each with a line in the audit log in the same transaction.
/// </summary>
public sealed class GradebookService(GradingDbContext grading, CourseDbContext db, UserManager<CourseUser> users, AssignmentCatalog catalog, JobQueue queue, RubricService rubrics, TimeProvider clock)
{
    /// <summary>Every student's row: for the CSV export and the charts.</summary>
    public async Task<CourseGradebook> BuildAsync(CancellationToken ct = default)
    {
        var students = await Ordered(StudentsMatching("")).Select(u => new CourseMember(u.Email!, u.DisplayName, u.StudentNumber)).ToListAsync(ct);
        return await BuildAsync(students, publishedRubricsOnly: false, ct);
    }

    /// <summary>
    /// One page of the roster, searched by name, e-mail or student id in the database; only that page's rows are
    /// calculated, so a class of hundreds costs what one page of it does.
    /// </summary>
    public async Task<RosterPage> PageAsync(string? search, int page, int pageSize = RosterPage.DefaultPageSize, CancellationToken ct = default)
    {
        search = (search ?? "").Trim();
        pageSize = Math.Clamp(pageSize, 1, 500);
        var matching = StudentsMatching(search);
        var count = await matching.CountAsync(ct);
        var total = search.Length == 0 ? count : await StudentsMatching("").CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (count + pageSize - 1) / pageSize));
        var students = await Ordered(matching).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(u => new CourseMember(u.Email!, u.DisplayName, u.StudentNumber)).ToListAsync(ct);
        return new RosterPage(await BuildAsync(students, publishedRubricsOnly: false, ct), search, page, pageSize, count, total);
    }

    /// <summary>The students whose name, e-mail or student id contains the search, case-insensitively; all when it is empty.</summary>
    IQueryable<CourseUser> StudentsMatching(string search)
    {
        var role = CourseRoles.Student.ToUpperInvariant();
        var students = from u in db.Users.AsNoTracking()
                       where db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == role))
                       select u;
        if (search.Length == 0) return students;
        var q = search.ToLowerInvariant();
        return students.Where(u => u.DisplayName.ToLower().Contains(q) || u.Email!.ToLower().Contains(q)
                                   || (u.StudentNumber != null && u.StudentNumber.ToLower().Contains(q)));
    }

    static IQueryable<CourseUser> Ordered(IQueryable<CourseUser> students) => students.OrderBy(u => u.DisplayName.ToLower()).ThenBy(u => u.Email);

    /// <summary>The gradebook with one student's row only, for their own grades page: rubric grades once published.</summary>
    public Task<CourseGradebook> ForStudentAsync(CourseUser user, CancellationToken ct = default) => BuildAsync([Member(user)], publishedRubricsOnly: true, ct);

    async Task<CourseGradebook> BuildAsync(List<CourseMember> students, bool publishedRubricsOnly, CancellationToken ct)
    {
        var emails = students.Select(s => s.Email).ToList();
        var attempts = await grading.Submissions.AsNoTracking()
            .Where(s => emails.Contains(s.Student) && s.Result != null)
            .Select(s => new GradedAttempt(s.Id, s.Student, s.AssignmentId, s.SubmittedAt, s.Result!.Score, s.Result.MaxScore))
            .ToListAsync(ct);
        var overrides = await db.GradeOverrides.AsNoTracking().Where(o => emails.Contains(o.Student)).ToListAsync(ct);
        var extensions = await db.DeadlineExtensions.AsNoTracking().Where(x => emails.Contains(x.Student)).ToListAsync(ct);
        var rubric = await rubrics.ScoresAsync(emails, publishedRubricsOnly, ct);
        var now = clock.GetUtcNow();
        var assignments = catalog.All;
        // Each row reads only its student's facts: calculating a class stays linear in its size.
        var attemptsOf = attempts.ToLookup(a => a.Student);
        var overridesOf = overrides.ToLookup(o => o.Student);
        var extensionsOf = extensions.ToLookup(x => x.Student);
        var rubricOf = rubric.ToLookup(r => r.Student);
        var rows = students.Select(s => GradebookCalculator.Calculate(s, catalog.Course, assignments, attemptsOf[s.Email], overridesOf[s.Email],
            extensionsOf[s.Email], now, rubricOf[s.Email])).ToList();
        return new CourseGradebook(catalog.Course, assignments, rows, now);
    }

    public async Task OverrideAsync(string student, string assignmentId, double points, string reason, string actor, CancellationToken ct = default)
    {
        var (email, assignment) = await CheckAsync(student, assignmentId, reason);
        if (double.IsNaN(points) || points < 0 || points > assignment.Manifest.Points)
            throw new GradebookException($"the points must be between 0 and {assignment.Manifest.Points}");
        var existing = await db.GradeOverrides.SingleOrDefaultAsync(o => o.Student == email && o.AssignmentId == assignmentId, ct);
        var was = existing is null ? "the graded score" : $"an override of {existing.Points:0.##}";
        existing ??= db.GradeOverrides.Add(new GradeOverride { Student = email, AssignmentId = assignmentId, Reason = "", By = actor }).Entity;
        existing.Points = points;
        existing.Reason = reason.Trim();
        existing.By = actor;
        existing.At = clock.GetUtcNow();
        db.Audit(clock.GetUtcNow(), actor, "override", $"{points:0.##} / {assignment.Manifest.Points:0.##} instead of {was}: {reason.Trim()}", email, assignmentId);
        await db.SaveChangesAsync(ct);
    }

    public async Task ClearOverrideAsync(string student, string assignmentId, string reason, string actor, CancellationToken ct = default)
    {
        var (email, _) = await CheckAsync(student, assignmentId, reason);
        var existing = await db.GradeOverrides.SingleOrDefaultAsync(o => o.Student == email && o.AssignmentId == assignmentId, ct)
            ?? throw new GradebookException($"{email} has no override on {assignmentId}");
        db.GradeOverrides.Remove(existing);
        db.Audit(clock.GetUtcNow(), actor, "override cleared", $"{existing.Points:0.##} removed, the graded score counts again: {reason.Trim()}", email, assignmentId);
        await db.SaveChangesAsync(ct);
    }

    public async Task ExtendAsync(string student, string assignmentId, DateTimeOffset due, string reason, string actor, CancellationToken ct = default)
    {
        var (email, assignment) = await CheckAsync(student, assignmentId, reason);
        if (due <= assignment.Manifest.Due) throw new GradebookException($"an extension must end after the due date ({assignment.Manifest.Due:yyyy-MM-dd HH:mm} UTC)");
        var existing = await db.DeadlineExtensions.SingleOrDefaultAsync(x => x.Student == email && x.AssignmentId == assignmentId, ct);
        existing ??= db.DeadlineExtensions.Add(new DeadlineExtension { Student = email, AssignmentId = assignmentId, Reason = "", By = actor }).Entity;
        existing.Due = due.ToUniversalTime();
        existing.Reason = reason.Trim();
        existing.By = actor;
        existing.At = clock.GetUtcNow();
        db.Audit(clock.GetUtcNow(), actor, "extension", $"due {due.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: {reason.Trim()}", email, assignmentId);
        await db.SaveChangesAsync(ct);
    }

    /// <returns>Whether the submission was queued again (false when it is still waiting or running).</returns>
    public async Task<bool> RegradeAsync(long submissionId, string actor, CancellationToken ct = default)
    {
        var submission = await grading.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId, ct)
            ?? throw new GradebookException($"there is no submission {submissionId}");
        return await InOneTransactionAsync(async () =>
        {
            var queued = await queue.RequeueAsync([submissionId], ct) == 1;
            if (queued)
            {
                db.Audit(clock.GetUtcNow(), actor, "regrade", "queued again", submission.Student, submission.AssignmentId, submissionId);
                await db.SaveChangesAsync(ct);
            }
            return queued;
        }, ct);
    }

    /// <returns>How many submissions were queued again.</returns>
    public async Task<int> RegradeAssignmentAsync(string assignmentId, string actor, CancellationToken ct = default)
    {
        var assignment = catalog.Get(assignmentId);
        var ids = await grading.Submissions.Where(s => s.AssignmentId == assignment.Id).Select(s => s.Id).ToListAsync(ct);
        return await InOneTransactionAsync(async () =>
        {
            var count = await queue.RequeueAsync(ids, ct);
            db.Audit(clock.GetUtcNow(), actor, "regrade all", $"{count} of {ids.Count} submissions queued again", null, assignment.Id);
            await db.SaveChangesAsync(ct);
            return count;
        }, ct);
    }

    /// <summary>
    /// How an assignment went, counted the way the gradebook counts it: each student's cell (best attempt after its
    /// late penalty, or the override); and each test's pass rate over the students' first graded attempts and over all
    /// their graded attempts.
    /// </summary>
    public async Task<AssignmentStatistics> StatisticsAsync(string assignmentId, CancellationToken ct = default)
    {
        var assignment = catalog.Get(assignmentId);
        var book = await BuildAsync(ct);
        var cells = book.Rows.Select(r => r.Cells[assignment.Id]).Where(c => c.State is CellState.Graded or CellState.Overridden).ToList();
        var students = book.Rows.Select(r => r.Student.Email).ToHashSet();
        // Staff try assignments too; only the roster's attempts count.
        var tests = (await (from s in grading.Submissions.AsNoTracking()
                            where s.AssignmentId == assignment.Id && s.Result != null
                            from t in s.Result!.Tests
                            select new { s.Id, s.Student, s.SubmittedAt, t.Name, t.Status }).ToListAsync(ct))
            .Where(x => students.Contains(x.Student))
            .Select(x => new TestAttempt(x.Id, x.Student, x.SubmittedAt, x.Name, x.Status)).ToList();
        var matches = await (from r in grading.Results.AsNoTracking()
                             join s in grading.Submissions.AsNoTracking() on r.SubmissionId equals s.Id
                             where s.AssignmentId == assignment.Id && r.MistakeName != null
                             select new { r.MistakeName, s.Student }).ToListAsync(ct);
        return AssignmentStatistics.From(assignment, cells, tests, matches.Select(m => (m.MistakeName!, m.Student)).ToList());
    }

    public Task<List<AuditEntry>> AuditLogAsync(int take = 200, CancellationToken ct = default) =>
        db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);

    /// <summary>
    /// The gradebook as an LMS imports it: one row per student (e-mail, name, student id), one column per assignment
    /// in points after penalties and overrides (empty when not yet due), then the total in percent.
    /// </summary>
    public static void WriteCsv(CourseGradebook book, TextWriter output)
    {
        // Names come from users: a leading = + - @ must not become a spreadsheet formula.
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteRecord(["Email", "Name", "Student ID", .. book.Assignments.Select(a => $"{a.Id} ({a.Manifest.Points:0.##})"), "Total (%)"]);
        foreach (var row in book.Rows)
            csv.WriteRecord([
                row.Student.Email, row.Student.Name, row.Student.StudentNumber ?? "",
                .. book.Assignments.Select(a => row.Cells[a.Id].Points is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) : ""),
                row.Total is { } t ? (100 * t).ToString("0.##", CultureInfo.InvariantCulture) : "",
            ]);
    }

    async Task<(string Email, LoadedAssignment Assignment)> CheckAsync(string student, string assignmentId, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new GradebookException("give a reason: it is kept in the audit log");
        var assignment = catalog.Find(assignmentId) ?? throw new GradebookException($"there is no assignment '{assignmentId}'");
        var user = await users.FindByEmailAsync(student.Trim()) ?? throw new GradebookException($"there is no account for {student}");
        if (!await users.IsInRoleAsync(user, CourseRoles.Student)) throw new GradebookException($"{student} is not a student");
        return (user.Email!, assignment);
    }


    /// <summary>
    /// Runs the work in one transaction over both stores: they share the scope's connection, so the grading store's
    /// changes (the queue) and the course store's (the audit log) commit together or not at all.
    /// </summary>
    async Task<T> InOneTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await grading.Database.UseTransactionAsync(tx.GetDbTransaction(), ct);
        try
        {
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            await grading.Database.UseTransactionAsync(null, ct);
        }
    }

    static CourseMember Member(CourseUser u) => new(u.Email!, u.DisplayName, u.StudentNumber);
}
