using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Data;

/// <summary>
/// The course's store: accounts (Identity), API tokens, and what instructors do to the gradebook (overrides,
/// extensions, the audit log). Grades themselves are read from the grading store, in the same database.
/// </summary>
public sealed class CourseDbContext(DbContextOptions<CourseDbContext> options) : IdentityDbContext<CourseUser>(options)
{
    public const string HistoryTable = "__CourseMigrations";

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<GradeOverride> GradeOverrides => Set<GradeOverride>();
    public DbSet<DeadlineExtension> DeadlineExtensions => Set<DeadlineExtension>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne<CourseUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<GradeOverride>().HasIndex(o => new { o.Student, o.AssignmentId }).IsUnique();
        model.Entity<DeadlineExtension>().HasIndex(x => new { x.Student, x.AssignmentId }).IsUnique();
        model.Entity<AuditEntry>().HasIndex(a => a.At);
        StoreConventions.Apply(model, Database);
    }
}
