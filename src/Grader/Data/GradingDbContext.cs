using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Data;

/// <summary>Submissions, the job queue and results. SQLite by default; PostgreSQL where several workers share the queue.</summary>
public sealed class GradingDbContext(DbContextOptions<GradingDbContext> options) : DbContext(options)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<GradingJob> Jobs => Set<GradingJob>();
    public DbSet<GradeResult> Results => Set<GradeResult>();
    public DbSet<TestResultRow> TestResults => Set<TestResultRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
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
