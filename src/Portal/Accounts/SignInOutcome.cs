namespace Course.Portal.Accounts;

/// <summary>How a sign-in attempt ended. Only the first two set the cookie.</summary>
public enum SignInOutcome
{
    SignedIn,
    /// <summary>Signed in with a temporary password: the user must choose their own before anything else.</summary>
    MustChangePassword,
    /// <summary>Wrong address or password, or locked: one answer, <see cref="PasswordSignIn.Refused"/>.</summary>
    Refused,
    /// <summary>The right password for a deactivated account.</summary>
    Deactivated,
    /// <summary>The right temporary password, past its lifetime.</summary>
    TemporaryPasswordExpired,
}
