using System.Linq.Expressions;
using Course.Gradebook.Data;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Reads;

/// <summary>
/// The staff's submissions browser: every submission, filtered, sorted and paged in the database, so a page costs
/// the same with ten submissions or ten thousand.
/// </summary>
public sealed class SubmissionBrowserReads(GradingDbContext grading, CourseDbContext course)
{
    public async Task<SubmissionList> ListAsync(SubmissionFilter filter, CancellationToken ct = default)
    {
        var query = grading.Submissions.AsNoTracking();
        if (filter.Assignment is { Length: > 0 } assignment)
            query = query.Where(s => s.AssignmentId == assignment);
        if (filter.Student?.Trim().ToLowerInvariant() is { Length: > 0 } term)
        {
            // Names and student ids live in the course's store, submissions in the grading store: find the people
            // first (a roster, not the submissions), then their submissions. The address itself matches directly too.
            var people = await course.Users.AsNoTracking()
                .Where(u => u.DisplayName.ToLower().Contains(term) || u.Email!.ToLower().Contains(term)
                            || (u.StudentNumber != null && u.StudentNumber.ToLower().Contains(term)))
                .Select(u => u.Email!.ToLower()).ToListAsync(ct);
            query = query.Where(s => people.Contains(s.Student.ToLower()) || s.Student.ToLower().Contains(term));
        }
        if (filter.Status is { } status)
            query = query.Where(s => s.Job != null && s.Job.Status == status);
        if (filter.MinScore is { } min)
            query = query.Where(s => s.Result != null && s.Result.Score >= min);
        if (filter.MaxScore is { } max)
            query = query.Where(s => s.Result != null && s.Result.Score <= max);

        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + SubmissionFilter.PageSize - 1) / SubmissionFilter.PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var rows = await Sorted(query, filter.Sort, filter.Descending)
            .Skip((page - 1) * SubmissionFilter.PageSize).Take(SubmissionFilter.PageSize)
            .Select(s => new SubmissionListRow(s.Id, s.AssignmentId, s.Student, null, null, s.SubmittedAt,
                s.Job == null ? null : s.Job.Status,
                s.Result == null ? null : s.Result.Score,
                s.Result == null ? null : s.Result.MaxScore))
            .ToListAsync(ct);
        return new SubmissionList(await WithNamesAsync(rows, ct), total, page, SubmissionFilter.PageSize);
    }

    /// <summary>The id breaks ties, so paging through equal keys neither repeats nor skips a row.</summary>
    static IQueryable<Submission> Sorted(IQueryable<Submission> query, SubmissionSort sort, bool descending) => sort switch
    {
        SubmissionSort.Student => By(query, s => s.Student, descending),
        SubmissionSort.Assignment => By(query, s => s.AssignmentId, descending),
        SubmissionSort.Score => By(query, s => s.Result == null ? (double?)null : s.Result.Score, descending),
        SubmissionSort.Status => By(query, s => s.Job == null ? (JobStatus?)null : s.Job.Status, descending),
        _ => By(query, s => s.SubmittedAt, descending),
    };

    static IQueryable<Submission> By<TKey>(IQueryable<Submission> query, Expression<Func<Submission, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key).ThenByDescending(s => s.Id) : query.OrderBy(key).ThenBy(s => s.Id);

    /// <summary>The names and student ids of this page's students only.</summary>
    async Task<IReadOnlyList<SubmissionListRow>> WithNamesAsync(List<SubmissionListRow> rows, CancellationToken ct)
    {
        var emails = rows.Select(r => r.Student.ToLowerInvariant()).Distinct().ToList();
        var people = (await course.Users.AsNoTracking().Where(u => emails.Contains(u.Email!.ToLower()))
                .Select(u => new { Email = u.Email!.ToLower(), u.DisplayName, u.StudentNumber }).ToListAsync(ct))
            .DistinctBy(p => p.Email).ToDictionary(p => p.Email);
        return rows.Select(r => people.TryGetValue(r.Student.ToLowerInvariant(), out var p)
            ? r with { StudentName = p.DisplayName.Length > 0 ? p.DisplayName : null, StudentNumber = p.StudentNumber }
            : r).ToList();
    }
}
