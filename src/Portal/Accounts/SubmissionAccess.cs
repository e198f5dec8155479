using System.Security.Claims;
using Course.Gradebook.Accounts;
using Course.Grader.Data;

namespace Course.Portal.Accounts;

/// <summary>Who may see a submission, its result, its file and its grade: its student, and the course staff.</summary>
public static class SubmissionAccess
{
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(CourseRoles.TA) || user.IsInRole(CourseRoles.Instructor);

    /// <summary>The e-mail address submissions are filed under (the Identity user name).</summary>
    public static string? Email(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

    public static bool CanSee(this ClaimsPrincipal user, Submission submission) =>
        user.IsStaff() || (user.Email() is { } email && string.Equals(email, submission.Student, StringComparison.OrdinalIgnoreCase));
}
