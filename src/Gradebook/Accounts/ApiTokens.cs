using System.Security.Cryptography;
using System.Text;
using Course.Gradebook.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Accounts;

/// <summary>Issues, checks and revokes API tokens: "cpt_" and 32 random bytes, base64url; stored as SHA-256.</summary>
public sealed class ApiTokens(CourseDbContext db, ApiTokenUses uses, TimeProvider clock)
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

    /// <summary>The user a live token belongs to, with their roles, or null; notes when it was last used, to the minute (<see cref="ApiTokenUses"/>).</summary>
    public async Task<ApiTokenOwner?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(Marker, StringComparison.Ordinal) || token.Length > 100) return null;
        var hash = HashOf(token);
        // The token, its user and the user's roles in one round trip: every API call starts here.
        // A join, not a sub-query per user: EF Core spells SingleOrDefault inside a projection as a window over every user.
        var found = await (
                from t in db.ApiTokens.AsNoTracking()
                join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                where t.Hash == hash && t.RevokedAt == null
                select new
                {
                    t.Id,
                    t.LastUsedAt,
                    User = u,
                    Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                })
            .SingleOrDefaultAsync(ct);
        if (found is null) return null;
        // To the minute: a script polling its submission's status is not noted on every call.
        var now = clock.GetUtcNow();
        if (found.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1)) uses.Note(found.Id, now);
        return new ApiTokenOwner(found.User, found.Roles);
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
