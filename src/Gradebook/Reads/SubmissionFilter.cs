using Course.Grader.Data;

namespace Course.Gradebook.Reads;

/// <summary>
/// What the staff's submissions browser asks for: filters (each optional), a sort and a page, counting from 1.
/// <paramref name="Student"/> matches part of a name, e-mail address or student id, in any case.
/// </summary>
public sealed record SubmissionFilter(
    string? Assignment = null,
    string? Student = null,
    JobStatus? Status = null,
    double? MinScore = null,
    double? MaxScore = null,
    SubmissionSort Sort = SubmissionSort.Submitted,
    bool Descending = true,
    int Page = 1)
{
    public const int PageSize = 50;
}
