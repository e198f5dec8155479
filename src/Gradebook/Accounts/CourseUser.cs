using Microsoft.AspNetCore.Identity;

namespace Course.Gradebook.Accounts;

/// <summary>A person in the course. The user name is the e-mail address; submissions are filed under it.</summary>
public sealed class CourseUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The university's id, exported beside the e-mail address so an LMS can match rows.</summary>
    public string? StudentNumber { get; set; }

    /// <summary>The name shown for this student on leaderboards, chosen by the student; null (the default) means not shown.</summary>
    public string? LeaderboardName { get; set; }

    /// <summary>
    /// Set while the password is a temporary one (made by the CLI, a roster import or a reset): until then the user
    /// must choose their own, and after it the temporary password no longer signs in. Null for a password of their own.
    /// </summary>
    public DateTimeOffset? TemporaryPasswordUntil { get; set; }

    /// <summary>When an instructor deactivated the account (sign-in and API tokens refused, work kept); null while active.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool Deactivated => DeactivatedAt is not null;
}
