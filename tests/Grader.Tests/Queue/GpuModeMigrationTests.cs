using Course.Contracts.Manifest;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Course.Grader.Tests.Queue;

/// <summary>The grading store's migration from a job's GPU flag to the manifest's mode, on a store with jobs in it.</summary>
public sealed class GpuModeMigrationTests : IDisposable
{
    readonly string path = Path.Combine(Path.GetTempPath(), $"gpu-migration-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Jobs_queued_before_the_migration_keep_their_GPU_need_as_a_mode()
    {
        var ct = TestContext.Current.CancellationToken;
        // Through the store's own set-up, which picks the SQLite migration set.
        var options = new DbContextOptionsBuilder<GradingDbContext>();
        new StoreSettings(StoreProvider.Sqlite, $"Data Source={path};Pooling=False").Apply(options, GradingDbContext.HistoryTable);
        await using var db = new GradingDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261204080719_FinalProject", ct);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Submissions" ("AssignmentId", "Student", "FileName", "ContentHash", "SizeBytes", "SubmittedAt")
            VALUES ('a99-gpu', 'ada', 'm.py', 'h', 1, 0), ('a01-attention', 'bea', 'm.py', 'h', 1, 0);
            INSERT INTO "Jobs" ("SubmissionId", "Status", "NeedsGpu", "Attempts", "QueuedAt") VALUES (1, 'Queued', 1, 0, 0), (2, 'Queued', 0, 0, 0);
            """, ct);

        await migrator.MigrateAsync(null, ct);

        Assert.Equal([GpuMode.Required, GpuMode.None], await db.Jobs.OrderBy(j => j.SubmissionId).Select(j => j.Gpu).ToListAsync(ct));
        Assert.Empty(await db.Workers.ToListAsync(ct));
    }

    [Fact]
    public async Task A_new_sqlite_store_is_migrated_with_every_step_inside_its_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<GradingDbContext>();
        new StoreSettings(StoreProvider.Sqlite, $"Data Source={path};Pooling=False").Apply(options, GradingDbContext.HistoryTable)
            // A step outside the transaction (EF Core's table rebuild turns foreign keys off there) fails the migration.
            .ConfigureWarnings(w => w.Throw(RelationalEventId.NonTransactionalMigrationOperationWarning));
        await using var db = new GradingDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(null, ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    public void Dispose() => File.Delete(path);
}
