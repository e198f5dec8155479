using Course.Grader.Data;
using Course.Grader.Queue;
using Course.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Course.Grader.Tests.Queue;

/// <summary>Live pages learn of claimed and finished jobs through PostgreSQL's LISTEN/NOTIFY.</summary>
public sealed class JobChangesTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_listening_portal_is_woken_when_a_worker_claims_a_job_and_when_it_writes_the_grade()
    {
        await using var data = await QueueDatabase.CreateAsync(StoreProvider.Postgres, postgres);
        var changes = new JobChanges(data.Store);
        using var listener = new PostgresJobListener(data.Store, changes, NullLogger<PostgresJobListener>.Instance);
        var listening = changes.Next;
        await listener.StartAsync(Ct);
        await listening.WaitAsync(Soon, Ct); // it signals once when it starts listening
        await data.QueueJobAsync();

        var claimedNotice = changes.Next;
        var job = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;
        await claimedNotice.WaitAsync(Soon, Ct);

        var gradedNotice = changes.Next;
        Assert.False(gradedNotice.IsCompleted);
        Assert.True(await data.NewWriter().WriteGradedAsync(job, "w1", SampleReport.Create(), Ct));
        await gradedNotice.WaitAsync(Soon, Ct);

        await listener.StopAsync(Ct);
    }

    [Fact]
    public async Task On_SQLite_pages_keep_polling_every_second()
    {
        await using var data = await QueueDatabase.CreateAsync(StoreProvider.Sqlite, postgres);
        var changes = new JobChanges(data.Store);
        var started = TimeProvider.System.GetTimestamp();

        await changes.WaitAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(1), changes.Fallback);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }
}
