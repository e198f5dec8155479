using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Accounts;

/// <summary>
/// A student's opt-in to leaderboards: a display name of their choosing (1 to 40 printable characters, not another
/// student's), or none, which keeps them off every board by name (their row reads "anonymous").
/// </summary>
public sealed class LeaderboardNames(UserManager<CourseUser> users)
{
    public const int MaxLength = 40;

    public async Task SetAsync(CourseUser user, string? name)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (chosen is not null)
        {
            if (chosen.Length > MaxLength) throw new AccountException($"a leaderboard name has at most {MaxLength} characters");
            // Bidi overrides and zero-width characters could make one name pass for another.
            if (chosen.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format))
                throw new AccountException("a leaderboard name cannot hold control or formatting characters");
            var upper = chosen.ToUpperInvariant();
            if (await users.Users.AnyAsync(u => u.Id != user.Id && u.LeaderboardName != null && u.LeaderboardName.ToUpper() == upper))
                throw new AccountException($"another student shows as '{chosen}'; choose another name");
        }
        user.LeaderboardName = chosen;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new AccountException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
