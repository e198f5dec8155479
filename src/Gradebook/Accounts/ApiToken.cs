namespace Course.Gradebook.Accounts;

/// <summary>
/// A personal token for submitting from the shell. Only its SHA-256 is stored; the token itself is shown once.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters, so a user can tell tokens apart in the list.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
