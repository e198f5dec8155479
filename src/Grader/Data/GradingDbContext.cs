using Course.Grader.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Data;

/// <summary>
/// Accounts (Identity), submissions, the job queue, results and the gradebook's overrides, extensions and audit log,
/// in one store. SQLite by default; PostgreSQL where several workers share the queue.
/// </summary>
public sealed class GradingDbContext(DbContextOptions<GradingDbContext> options) : IdentityDbContext<CourseUser>(options)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<GradingJob> Jobs => Set<GradingJob>();
    public DbSet<GradeResult> Results => Set<GradeResult>();
    public DbSet<TestResultRow> TestResults => Set<TestResultRow>();
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
        model.Entity<Submission>(e =>
        {
            e.HasIndex(s => new { s.AssignmentId, s.Student });
            e.HasOne(s => s.Job).WithOne(j => j.Submission).HasForeignKey<GradingJob>(j => j.SubmissionId);
            e.HasOne(s => s.Result).WithOne().HasForeignKey<GradeResult>(r => r.SubmissionId);
        });
        model.Entity<GradingJob>(e =>
        {
            e.Property(j => j.Status).HasConversion<string>();
            e.HasIndex(j => new { j.Status, j.QueuedAt });
        });
        model.Entity<GradeResult>().HasMany(r => r.Tests).WithOne().HasForeignKey(t => t.GradeResultId);

        // SQLite cannot order or compare DateTimeOffset: store UTC ticks.
        if (Database.IsSqlite())
            foreach (var entity in model.Model.GetEntityTypes())
                foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
                    property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter());
    }
}
