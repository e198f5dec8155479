using Course.Grader.Score;
using Course.Contracts.Manifest;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Data;

/// <summary>
/// The grading store: submissions, the job queue and results. Nothing about accounts or the gradebook, so a worker
/// needs only this. It shares its database with the course's store (<see cref="StoreSettings"/>).
/// </summary>
public sealed class GradingDbContext(DbContextOptions<GradingDbContext> options) : DbContext(options)
{
    public const string HistoryTable = "__GradingMigrations";

    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<GradingJob> Jobs => Set<GradingJob>();
    public DbSet<GradeResult> Results => Set<GradeResult>();
    public DbSet<TestResultRow> TestResults => Set<TestResultRow>();
    public DbSet<WorkerRegistration> Workers => Set<WorkerRegistration>();
    public DbSet<SubmissionFile> Files => Set<SubmissionFile>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Submission>(e =>
        {
            e.HasIndex(s => new { s.AssignmentId, s.Student });
            // A queued job's fair rank counts its student's other jobs; the cap counts them at every upload.
            e.HasIndex(s => s.Student);
            e.HasOne(s => s.Job).WithOne(j => j.Submission).HasForeignKey<GradingJob>(j => j.SubmissionId);
            e.HasOne(s => s.Result).WithOne().HasForeignKey<GradeResult>(r => r.SubmissionId);
        });
        model.Entity<SubmissionFile>(e => e.ToTable("SubmissionFiles").HasKey(f => f.ContentHash));
        model.Entity<GradingJob>(e =>
        {
            e.Property(j => j.Status).HasConversion<string>();
            e.Property(j => j.Gpu).HasConversion(v => v.ToName(), s => EnumNames.Parse<GpuMode>(s));
            e.HasIndex(j => new { j.Status, j.QueuedAt });
            // Fair order: a claim reads the first of this range, a queue position counts the range before a job.
            e.HasIndex(j => new { j.Status, j.Rank, j.QueuedAt, j.Id });
            // The wait estimate reads the latest graded jobs on every refresh of a queued student's page.
            e.HasIndex(j => new { j.Status, j.FinishedAt });
        });
        model.Entity<WorkerRegistration>().HasKey(w => w.Name);
        model.Entity<GradeResult>().HasMany(r => r.Tests).WithOne().HasForeignKey(t => t.GradeResultId);
        model.Entity<TestResultRow>(e =>
        {
            // Stored as the manifests spell them (passed, after_due), so the rows read the same from SQL.
            e.Property(t => t.Status).HasConversion(v => v.ToName(), s => EnumNames.Parse<TestOutcome>(s));
            e.Property(t => t.Visibility).HasConversion(v => v.ToName(), s => EnumNames.Parse<Visibility>(s));
        });
        StoreConventions.Apply(model, Database);
    }
}
