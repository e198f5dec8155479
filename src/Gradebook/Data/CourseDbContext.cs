using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Data;

/// <summary>
/// The course's store: accounts (Identity), API tokens, and what staff do to the gradebook (overrides,
/// extensions, rubric grades, the audit log). Grades themselves are read from the grading store, in the same database.
/// </summary>
public sealed class CourseDbContext(DbContextOptions<CourseDbContext> options) : IdentityDbContext<CourseUser>(options)
{
    public const string HistoryTable = "__CourseMigrations";

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<GradeOverride> GradeOverrides => Set<GradeOverride>();
    public DbSet<DeadlineExtension> DeadlineExtensions => Set<DeadlineExtension>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<RubricItem> RubricItems => Set<RubricItem>();
    public DbSet<RubricGrade> RubricGrades => Set<RubricGrade>();
    public DbSet<RubricRelease> RubricReleases => Set<RubricRelease>();

    /// <summary>Adds a line to the audit log, saved with the change it records by the caller's next SaveChanges.</summary>
    public void Audit(DateTimeOffset at, string actor, string action, string detail, string? student, string? assignmentId, long? submissionId = null) =>
        AuditLog.Add(new AuditEntry
        {
            At = at, Actor = actor, Action = action, Detail = detail,
            Student = student, AssignmentId = assignmentId, SubmissionId = submissionId,
        });

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
        model.Entity<RubricItem>().HasIndex(i => new { i.AssignmentId, i.Position });
        model.Entity<RubricGrade>(e =>
        {
            e.HasIndex(g => new { g.Student, g.AssignmentId }).IsUnique();
            e.HasMany(g => g.Applied).WithOne().HasForeignKey(a => a.RubricGradeId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AppliedRubricItem>(e =>
        {
            e.HasKey(a => new { a.RubricGradeId, a.RubricItemId });
            // Deleting an item takes it out of every grade that applied it: those grades are re-scored.
            e.HasOne(a => a.Item).WithMany().HasForeignKey(a => a.RubricItemId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<RubricRelease>().HasKey(r => r.AssignmentId);
        StoreConventions.Apply(model, Database);
    }
}
