using System.Security.Claims;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Course.Portal.Accounts;

/// <summary>Identity's claims (name, e-mail, roles, security stamp), plus a mark while the password is a temporary one.</summary>
public sealed class CourseClaimsPrincipalFactory(UserManager<CourseUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CourseUser, IdentityRole>(users, roles, options)
{
    /// <summary>Present while the user signed in with a temporary password and has not chosen their own.</summary>
    public const string TemporaryPassword = "course:temporary_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CourseUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TemporaryPasswordUntil is not null) identity.AddClaim(new Claim(TemporaryPassword, "true"));
        return identity;
    }
}
