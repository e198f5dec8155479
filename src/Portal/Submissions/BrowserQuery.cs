using System.Globalization;
using Course.Gradebook.Reads;
using Course.Grader.Data;

namespace Course.Portal.Submissions;

/// <summary>
/// The submissions browser's filter as its address spells it (<c>submissions?assignment=…&amp;student=…&amp;sort=score</c>),
/// so a filtered view is a link to share. A value that does not parse is left out of the filter and named in
/// <see cref="Problems"/>, so a mistyped link still shows something and says what it ignored.
/// </summary>
public sealed record BrowserQuery(SubmissionFilter Filter, IReadOnlyList<string> Problems)
{
    public const string Path = "submissions";

    public static BrowserQuery Parse(string? assignment, string? student, string? status, string? min, string? max, string? sort, string? dir, string? page)
    {
        var problems = new List<string>();
        var filter = new SubmissionFilter(
            Assignment: Blank(assignment) ? null : assignment!.Trim(),
            Student: Blank(student) ? null : student!.Trim(),
            Status: Parse<JobStatus>(status, "status", problems),
            MinScore: Number(min, "score from", problems),
            MaxScore: Number(max, "score to", problems),
            Sort: Parse<SubmissionSort>(sort, "sort", problems) ?? SubmissionSort.Submitted);
        filter = filter with
        {
            Descending = dir?.Trim().ToLowerInvariant() switch
            {
                "asc" => false,
                "desc" => true,
                _ => DescendingFirst(filter.Sort),
            },
            Page = int.TryParse(page, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1,
        };
        return new BrowserQuery(filter, problems);
    }

    /// <summary>Newest and best first; names and statuses from A.</summary>
    public static bool DescendingFirst(SubmissionSort sort) => sort is SubmissionSort.Submitted or SubmissionSort.Score;

    /// <summary>The address of a filter; defaults are left out so links stay short.</summary>
    public static string Link(SubmissionFilter filter)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("assignment", filter.Assignment);
        Add("student", filter.Student);
        Add("status", filter.Status?.ToString().ToLowerInvariant());
        Add("min", filter.MinScore?.ToString(CultureInfo.InvariantCulture));
        Add("max", filter.MaxScore?.ToString(CultureInfo.InvariantCulture));
        if (filter.Sort != SubmissionSort.Submitted) Add("sort", filter.Sort.ToString().ToLowerInvariant());
        if (filter.Descending != DescendingFirst(filter.Sort)) Add("dir", filter.Descending ? "desc" : "asc");
        if (filter.Page > 1) Add("page", filter.Page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? Path : $"{Path}?{string.Join("&", parts)}";
    }

    /// <summary>The link a column's header gives: sorted by it (the other way when it already is), from the first page.</summary>
    public static string SortLink(SubmissionFilter filter, SubmissionSort by) =>
        Link(filter with { Sort = by, Descending = filter.Sort == by ? !filter.Descending : DescendingFirst(by), Page = 1 });

    static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    static T? Parse<T>(string? value, string name, List<string> problems) where T : struct, Enum
    {
        if (Blank(value)) return null;
        if (Enum.TryParse<T>(value!.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            && !int.TryParse(value, out _)) return parsed;
        problems.Add($"{name} \"{value}\" is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}; ignored");
        return null;
    }

    static double? Number(string? value, string name, List<string> problems)
    {
        if (Blank(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)) return n;
        problems.Add($"{name} \"{value}\" is not a number; ignored");
        return null;
    }
}
