using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Course.Portal.Accounts;

/// <summary>
/// How many sign-in attempts one client (one remote address) may make: <c>Portal:SignInRateLimit</c>. Lower than the
/// per-account lock-out, so that one stranger cannot lock the instructor out by guessing; an account still locks when
/// many addresses guess at it. Behind a reverse proxy, forward the client's address (UseForwardedHeaders), or every
/// user shares the proxy's; a class behind one NAT address shares one allowance, so raise the limit for that.
/// </summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "Portal:SignInRateLimit";
    public const string Policy = "sign-in";

    /// <summary>Sign-in attempts (form posts) per client in <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 5;

    /// <summary>The sliding window the attempts are counted in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class SignInRateLimit
{
    /// <summary>A sliding window of sign-in posts per remote address (ASP.NET Core's rate limiter); pages opt in with <c>[EnableRateLimiting(SignInRateLimitOptions.Policy)]</c>.</summary>
    public static WebApplicationBuilder AddSignInRateLimit(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section)
            .Validate(o => o.PermitLimit > 0 && o.Window > TimeSpan.Zero, $"{SignInRateLimitOptions.Section} needs a PermitLimit > 0 and a Window > 0")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInRateLimitOptions.Policy, http =>
            {
                // Reading the form is free; only attempts count.
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var o = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInRateLimitOptions>>().Value;
                return RateLimitPartition.GetSlidingWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = o.PermitLimit,
                    Window = o.Window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = (context, ct) => WriteTooManyAsync(context.HttpContext, context.Lease, ct);
        });
        return builder;
    }

    /// <summary>A page that says why and for how long, rather than a bare 429 (or the status-code pages' "not found").</summary>
    static async ValueTask WriteTooManyAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><title>Too many sign-in attempts</title></head>
            <body>
            <h1>Too many sign-in attempts</h1>
            <p role="alert">Too many sign-in attempts came from your address. Wait {seconds} seconds, then <a href="signin">try again</a>.</p>
            <p>If you have forgotten your password, ask the course's instructor to reset it.</p>
            </body></html>
            """, ct);
    }
}
