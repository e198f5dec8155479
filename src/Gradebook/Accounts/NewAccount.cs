namespace Course.Gradebook.Accounts;

/// <summary>
/// An account as it was set up: the temporary password is null when it existed already or a password was given;
/// <paramref name="TemporaryUntil"/> says when a temporary password stops signing in.
/// </summary>
public sealed record NewAccount(string Email, string Role, bool Created, string? TemporaryPassword, DateTimeOffset? TemporaryUntil = null);
