using Course.Gradebook.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Course.Gradebook.Accounts;

public static class AccountsExtensions
{
    /// <summary>ASP.NET Core Identity on the grading store: users, roles, lock-out; API tokens (and their last use, written once a second); account administration.</summary>
    public static IdentityBuilder AddCourseAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiTokens>();
        builder.Services.AddSingleton<ApiTokenUses>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiTokenUses>());
        builder.Services.AddScoped<AccountAdmin>();
        builder.Services.AddScoped<LeaderboardNames>();
        return builder.Services.AddIdentityCore<CourseUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B); temporary passwords are 19 characters.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                // High enough that guessing from one address hits the portal's per-client rate limit long before it
                // locks the account; the lock-out is for guessing spread over many addresses.
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CourseDbContext>();
    }
}
