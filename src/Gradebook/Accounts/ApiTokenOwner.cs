namespace Course.Gradebook.Accounts;

/// <summary>Whom a live API token speaks for: the user (not tracked) and the names of their roles.</summary>
public sealed record ApiTokenOwner(CourseUser User, IReadOnlyList<string> Roles);
