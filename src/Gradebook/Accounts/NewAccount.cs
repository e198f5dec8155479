namespace Course.Gradebook.Accounts;

/// <summary>An account as it was set up: the temporary password is null when it existed already or a password was given.</summary>
public sealed record NewAccount(string Email, string Role, bool Created, string? TemporaryPassword);
