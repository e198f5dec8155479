using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Tests.Queue;

/// <summary>Every SQLite connection the store opens waits for a busy file inside SQLite and commits to the WAL without waiting for the disk.</summary>
public sealed class SqlitePragmasTests : IDisposable
{
    readonly QueueDatabase database = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task A_store_connection_waits_thirty_seconds_for_a_busy_file_in_WAL_mode_with_normal_sync()
    {
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync(Ct);

        Assert.Equal(30_000L, await PragmaAsync(db, "busy_timeout"));
        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
    }

    [Fact]
    public async Task A_writer_that_finds_the_file_locked_waits_and_then_writes()
    {
        var id = await database.QueueJobAsync();
        await using var holder = database.NewContext();
        var tx = await holder.Database.BeginTransactionAsync(Ct); // BEGIN IMMEDIATE: the write lock
        await holder.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Message, "first"), Ct);

        var second = Task.Run(async () =>
        {
            await using var writer = database.NewContext();
            await writer.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Message, "second"), Ct);
        }, Ct);
        await Task.Delay(300, Ct);
        Assert.False(second.IsCompleted, "the second writer wrote while the first held the lock");
        await tx.CommitAsync(Ct);
        await tx.DisposeAsync();
        await second;

        Assert.Equal("second", (await database.JobAsync(id)).Message);
    }

    static async Task<object?> PragmaAsync(DbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return await command.ExecuteScalarAsync(Ct);
    }
}
