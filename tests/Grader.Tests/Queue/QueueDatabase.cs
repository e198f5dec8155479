using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Queue;
using Course.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Course.Grader.Tests.Queue;

/// <summary>
/// A fresh database with the grading schema (by its migrations), a clock the test moves, and the queue's settings: a
/// SQLite file, or a new database on the test assembly's PostgreSQL server.
/// </summary>
public sealed class QueueDatabase : IDisposable, IAsyncDisposable
{
    readonly string? path;
    readonly List<GradingDbContext> contexts = [];

    /// <summary>A SQLite file under /tmp.</summary>
    public QueueDatabase() : this(new StoreSettings(StoreProvider.Sqlite, ""))
    {
    }

    QueueDatabase(StoreSettings settings)
    {
        if (settings.Provider == StoreProvider.Sqlite)
        {
            path = Path.Combine(Path.GetTempPath(), $"queue-tests-{Guid.NewGuid():N}.db");
            // Without pooling, so that disposing the contexts closes the file: clearing every pool instead races with the
            // other test classes' connections as they open.
            settings = settings with { ConnectionString = $"Data Source={path};Pooling=False" };
        }
        Store = settings;
        using var db = Open();
        db.Database.Migrate();
    }

    public static async Task<QueueDatabase> CreateAsync(StoreProvider provider, PostgresServer postgres) => provider == StoreProvider.Postgres
        ? new QueueDatabase(new StoreSettings(StoreProvider.Postgres, await postgres.CreateDatabaseAsync()))
        : new QueueDatabase();

    public StoreSettings Store { get; }

    /// <summary>Both providers, for theories: every queue behaviour holds on each.</summary>
    public static TheoryData<StoreProvider> Providers => [StoreProvider.Sqlite, StoreProvider.Postgres];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero));

    public GraderOptions Settings { get; } = new()
    {
        LeaseDuration = TimeSpan.FromMinutes(2), MaxAttempts = 3, RetryBackoff = TimeSpan.FromSeconds(30),
    };

    public string ConnectionString => Store.ConnectionString;

    /// <summary>Points a context's options at this database, as the grader's own set-up does.</summary>
    public void Configure(DbContextOptionsBuilder options) => Store.Apply(options, GradingDbContext.HistoryTable);

    /// <summary>A context of its own, as each worker has; disposed with the database.</summary>
    public GradingDbContext NewContext()
    {
        var db = Open();
        contexts.Add(db);
        return db;
    }

    GradingDbContext Open() => GradingStore.Open(Store);

    public JobQueue NewQueue() => new(NewContext(), Options.Create(Settings), Clock);

    public ResultWriter NewWriter() => new(NewContext(), Clock);

    /// <summary>A submission and its job, queued now.</summary>
    public async Task<long> QueueJobAsync(string student = "ada", GpuMode gpu = GpuMode.None, string assignment = "a01-attention")
    {
        await using var db = Open();
        var now = Clock.GetUtcNow();
        var submission = new Submission
        {
            AssignmentId = assignment, Student = student, FileName = "attention.py", ContentHash = new string('0', 64), SubmittedAt = now,
            Job = new GradingJob { Status = JobStatus.Queued, QueuedAt = now, Gpu = gpu, Rank = await JobQueue.OpenJobsOf(db, student).CountAsync() },
        };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync();
        return submission.Job.Id;
    }

    public async Task<GradingJob> JobAsync(long id)
    {
        await using var db = Open();
        return await db.Jobs.AsNoTracking().Include(j => j.Submission).SingleAsync(j => j.Id == id);
    }

    public async Task<int> ResultCountAsync(long jobId)
    {
        var job = await JobAsync(jobId);
        await using var db = Open();
        return await db.Results.CountAsync(r => r.SubmissionId == job.SubmissionId);
    }

    /// <summary>Moves the clock past the end of every lease taken so far.</summary>
    public void LetLeasesRunOut() => Clock.Advance(Settings.LeaseDuration + TimeSpan.FromSeconds(1));

    public void Dispose()
    {
        foreach (var db in contexts) db.Dispose();
        if (path is not null) File.Delete(path); // PostgreSQL databases go with their server
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
