using System.Security.Claims;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Course.Portal.Accounts;

/// <summary>A signed-in user changes their own password: the current one, then the new one twice.</summary>
public sealed class OwnPassword(UserManager<CourseUser> users, SignInManager<CourseUser> signIn)
{
    public const string LockedOut = "Too many wrong passwords: the account is locked for a while, and this session has ended. Sign in again later.";

    /// <summary>
    /// Changes the password and keeps this session signed in (the new security stamp ends the user's other sessions).
    /// Returns what was wrong, in Identity's words where Identity checked it; empty when the password was changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangeAsync(ClaimsPrincipal principal, string? current, string? next, string? confirm)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("no signed-in user");
        if (string.IsNullOrEmpty(current)) return ["Give your current password."];
        if (next != confirm) return ["The new password and its confirmation differ."];
        if (string.IsNullOrEmpty(next)) return ["Give a new password."];
        if (next == current) return ["The new password must differ from the current one."];
        // A wrong current password counts toward the account's lock-out, as at sign-in: an open session is no way round it.
        var check = await signIn.CheckPasswordSignInAsync(user, current, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            await signIn.SignOutAsync();
            return [LockedOut];
        }
        if (!check.Succeeded) return [users.ErrorDescriber.PasswordMismatch().Description];
        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded) return result.Errors.Select(e => e.Description).ToList();
        if (user.TemporaryPasswordUntil is not null)
        {
            user.TemporaryPasswordUntil = null;
            await users.UpdateAsync(user);
        }
        // A new cookie, with the new security stamp and without the temporary-password mark.
        await signIn.SignInAsync(user, isPersistent: false);
        return [];
    }
}
