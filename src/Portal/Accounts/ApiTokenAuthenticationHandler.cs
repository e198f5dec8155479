using System.Security.Claims;
using System.Text.Encodings.Web;
using Course.Gradebook.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Course.Portal.Accounts;

/// <summary>
/// <c>Authorization: Bearer cpt_…</c> for the submissions API. Written by hand: ASP.NET Core's bearer-token handler
/// issues its own opaque tokens, which cannot be listed, named or revoked one by one as a student's tokens must be.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, UserManager<CourseUser> users, IOptions<IdentityOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var owner = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (owner is null) return AuthenticateResult.Fail("the API token is unknown or revoked");
        if (await users.IsLockedOutAsync(owner.User)) return AuthenticateResult.Fail("the account is locked");
        if (owner.User.Deactivated) return AuthenticateResult.Fail("the account is deactivated");
        var principal = new ClaimsPrincipal(CourseClaimsPrincipalFactory.IdentityOf(owner.User, owner.Roles, identity.Value.ClaimsIdentity));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"course\"";
        return Task.CompletedTask;
    }
}
