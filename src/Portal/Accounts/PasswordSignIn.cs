using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Course.Portal.Accounts;

/// <summary>
/// Signs in with an e-mail address and a password, answering only "signed in" or "not": an unknown address, a wrong
/// password and a locked account look the same, so the sign-in form does not tell a stranger which accounts exist or
/// which one they have locked. Each costs one password hash, so timing does not tell them apart either; Identity alone
/// answers an unknown address without hashing and a locked account without checking the password.
/// A deactivated account, or a temporary password past its lifetime, is told as such, but only to someone who gave the
/// right password: they are the account's owner, who needs to know to ask the staff, and a stranger learns nothing.
/// </summary>
public sealed class PasswordSignIn(SignInManager<CourseUser> signIn, UserManager<CourseUser> users, IPasswordHasher<CourseUser> hasher, TimeProvider clock)
{
    /// <summary>The one answer to every failed sign-in.</summary>
    public const string Refused = "The e-mail address or the password is wrong, or the account is locked for a while after too many failed sign-ins. " +
                                  "Try again later, or ask an instructor to reset your password.";

    public const string DeactivatedMessage = "This account has been deactivated: it can no longer sign in. " +
                                             "If you think this is a mistake, ask the course's instructor.";

    public const string ExpiredMessage = "This temporary password has expired. Ask an instructor to reset your password; " +
                                         "you will get a new temporary password to change at your next sign-in.";

    /// <summary>The message for a refused sign-in; null for one that went through.</summary>
    public static string? MessageFor(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.Refused => Refused,
        SignInOutcome.Deactivated => DeactivatedMessage,
        SignInOutcome.TemporaryPasswordExpired => ExpiredMessage,
        _ => null,
    };

    static readonly CourseUser Nobody = new() { UserName = "nobody" };
    static string? nobodysHash;

    public async Task<SignInOutcome> SignInAsync(string? email, string? password)
    {
        password ??= "";
        var user = await users.FindByNameAsync(email?.Trim() ?? "");
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // The same work as checking a real password, with nothing to learn from it.
            hasher.VerifyHashedPassword(Nobody, nobodysHash ??= hasher.HashPassword(Nobody, "no account has this password"), password);
            return SignInOutcome.Refused;
        }
        // Checks the password without signing in, counting a failure towards the account's lock-out (Identity's options
        // say how many and for how long).
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded) return SignInOutcome.Refused;
        if (user.Deactivated) return SignInOutcome.Deactivated;
        if (user.TemporaryPasswordUntil is { } until && clock.GetUtcNow() >= until) return SignInOutcome.TemporaryPasswordExpired;
        await signIn.SignInAsync(user, isPersistent: false);
        return user.TemporaryPasswordUntil is null ? SignInOutcome.SignedIn : SignInOutcome.MustChangePassword;
    }
}
