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
    ApiTokens tokens, UserManager<CourseUser> users, IUserClaimsPrincipalFactory<CourseUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var user = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("the API token is unknown or revoked");
        if (await users.IsLockedOutAsync(user)) return AuthenticateResult.Fail("the account is locked");
        if (user.Deactivated) return AuthenticateResult.Fail("the account is deactivated");
        return AuthenticateResult.Success(new AuthenticationTicket(await principals.CreateAsync(user), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"course\"";
        return Task.CompletedTask;
    }
}
