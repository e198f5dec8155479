using System.Security.Claims;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Course.Portal.Accounts;

/// <summary>
/// A signed-in user's claims: Identity's own (id, name, e-mail, security stamp), the user's roles, and a mark while the
/// password is a temporary one. Built here rather than by Identity's factories, which read the user's claims and each
/// role's claims (queries on every sign-in and API call) that this course never gives; the roles are one query here, and
/// none for an API call, whose token lookup reads them (<see cref="ApiTokens.AuthenticateAsync"/>).
/// </summary>
public sealed class CourseClaimsPrincipalFactory(UserManager<CourseUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CourseUser>(users, options)
{
    /// <summary>Present while the user signed in with a temporary password and has not chosen their own.</summary>
    public const string TemporaryPassword = "course:temporary_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CourseUser user) =>
        IdentityOf(user, await UserManager.GetRolesAsync(user), Options.ClaimsIdentity);

    /// <summary>The identity of <paramref name="user"/> holding <paramref name="roles"/>, as both the cookie and the API token carry it.</summary>
    public static ClaimsIdentity IdentityOf(CourseUser user, IEnumerable<string> roles, ClaimsIdentityOptions claims)
    {
        // The authentication type and claim types Identity's own factory gives, so cookie and token principals read alike.
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, claims.UserNameClaimType, claims.RoleClaimType);
        identity.AddClaim(new Claim(claims.UserIdClaimType, user.Id));
        identity.AddClaim(new Claim(claims.UserNameClaimType, user.UserName ?? ""));
        if (user.Email is { } email) identity.AddClaim(new Claim(claims.EmailClaimType, email));
        if (user.SecurityStamp is { } stamp) identity.AddClaim(new Claim(claims.SecurityStampClaimType, stamp));
        foreach (var role in roles) identity.AddClaim(new Claim(claims.RoleClaimType, role));
        if (user.TemporaryPasswordUntil is not null) identity.AddClaim(new Claim(TemporaryPassword, "true"));
        return identity;
    }
}
