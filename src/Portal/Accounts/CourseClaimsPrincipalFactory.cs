using System.Security.Claims;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Course.Portal.Accounts;

/// <summary>
/// Identity's claims (id, name, e-mail, security stamp), the user's roles, and a mark while the password is a temporary
/// one. Roles are read in one query: Identity's role-aware factory also looks up each role and its claims (two more
/// queries per role, on every sign-in and every API call), and this course gives roles no claims.
/// </summary>
public sealed class CourseClaimsPrincipalFactory(UserManager<CourseUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CourseUser>(users, options)
{
    /// <summary>Present while the user signed in with a temporary password and has not chosen their own.</summary>
    public const string TemporaryPassword = "course:temporary_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CourseUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var role in await UserManager.GetRolesAsync(user)) identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        if (user.TemporaryPasswordUntil is not null) identity.AddClaim(new Claim(TemporaryPassword, "true"));
        return identity;
    }
}
