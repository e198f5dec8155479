using System.Security.Cryptography;
using System.Text;
using Course.Gradebook.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Accounts;

/// <summary>Issues, checks and revokes API tokens: "cpt_" and 32 random bytes, base64url; stored as SHA-256.</summary>
public sealed class ApiTokens(CourseDbContext db, TimeProvider clock)
{
    public const string Marker = "cpt_";

    /// <returns>The token, which is never shown again, and its stored record.</returns>
    public async Task<(string Token, ApiToken Record)> IssueAsync(string userId, string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 80) throw new AccountException("give the token a name of 1 to 80 characters");
        var token = Marker + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var record = new ApiToken { UserId = userId, Name = name, Prefix = token[..10], Hash = HashOf(token), CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return (token, record);
    }

    /// <summary>The user a live token belongs to, or null; records when it was last used, to the minute.</summary>
    public async Task<CourseUser?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(Marker, StringComparison.Ordinal) || token.Length > 100) return null;
        var hash = HashOf(token);
        // The token and its user in one round trip: every API call starts here.
        var found = await db.ApiTokens.Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new { Token = t, User = db.Users.SingleOrDefault(u => u.Id == t.UserId) }).SingleOrDefaultAsync(ct);
        if (found is null) return null;
        // To the minute: a script polling its submission's status does not write to the database on every call.
        var now = clock.GetUtcNow();
        if (found.Token.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            found.Token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return found.User;
    }

    public async Task<List<ApiToken>> ListAsync(string userId, CancellationToken ct = default) =>
        (await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(ct)).OrderByDescending(t => t.CreatedAt).ToList();

    /// <summary>Revokes one of the user's own tokens; another user's token id does nothing.</summary>
    public async Task<bool> RevokeAsync(string userId, long tokenId, CancellationToken ct = default)
    {
        var record = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, ct);
        if (record is null) return false;
        record.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
