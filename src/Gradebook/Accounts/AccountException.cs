namespace Course.Gradebook.Accounts;

/// <summary>An account operation that cannot be done as asked; the message says why, in words for the person who asked.</summary>
public sealed class AccountException(string message) : Exception(message);
