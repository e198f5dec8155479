using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Course.Portal.Accounts;

/// <summary>
/// Signs in with an e-mail address and a password, answering only "signed in" or "not": an unknown address, a wrong
/// password and a locked account look the same, so the sign-in form does not tell a stranger which accounts exist or
/// which one they have locked. Each costs one password hash, so timing does not tell them apart either; Identity alone
/// answers an unknown address without hashing and a locked account without checking the password.
/// </summary>
public sealed class PasswordSignIn(SignInManager<CourseUser> signIn, UserManager<CourseUser> users, IPasswordHasher<CourseUser> hasher)
{
    /// <summary>The one answer to every failed sign-in.</summary>
    public const string Refused = "The e-mail address or the password is wrong, or the account is locked for a while after too many failed sign-ins. " +
                                  "Try again later, or ask an instructor to reset your password.";

    static readonly CourseUser Nobody = new() { UserName = "nobody" };
    static string? nobodysHash;

    public async Task<bool> SignInAsync(string? email, string? password)
    {
        password ??= "";
        var user = await users.FindByNameAsync(email?.Trim() ?? "");
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // The same work as checking a real password, with nothing to learn from it.
            hasher.VerifyHashedPassword(Nobody, nobodysHash ??= hasher.HashPassword(Nobody, "no account has this password"), password);
            return false;
        }
        // Counts the failure towards the account's lock-out (Identity's options say how many and for how long).
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded;
    }
}
