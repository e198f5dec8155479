namespace Course.Portal;

/// <summary>The portal's own settings, <c>Portal:*</c> (the sign-in rate limit has its own, <c>Portal:SignInRateLimit</c>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where students reach the portal, e.g. https://course.uni.example/ (see <see cref="Course.Portal.PublicUrl"/>).</summary>
    public string? PublicUrl { get; set; }
}
