namespace Course.Gradebook.Accounts;

/// <summary>The three roles of a course. Staff (TAs and instructors) see every student's work; students see their own.</summary>
public static class CourseRoles
{
    public const string Student = "Student";
    public const string TA = "TA";
    public const string Instructor = "Instructor";

    /// <summary>For <c>[Authorize(Roles = ...)]</c>: either kind of staff.</summary>
    public const string Staff = TA + "," + Instructor;

    public static readonly IReadOnlyList<string> All = [Student, TA, Instructor];

    /// <summary>The role as spelled here, whatever case it was typed in; null when it is not one.</summary>
    public static string? Parse(string role) => All.FirstOrDefault(r => string.Equals(r, role.Trim(), StringComparison.OrdinalIgnoreCase));
}
