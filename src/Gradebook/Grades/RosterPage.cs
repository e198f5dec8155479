namespace Course.Gradebook.Grades;

/// <summary>
/// One page of the gradebook: the rows of the students matching <see cref="Search"/> (name, e-mail or student id),
/// <see cref="PageSize"/> at a time, and how many match among all <see cref="Students"/>.
/// </summary>
public sealed record RosterPage(CourseGradebook Book, string Search, int Page, int PageSize, int Matching, int Students)
{
    public const int DefaultPageSize = 50;

    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);
}
