using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Course.Grader.Data;

/// <summary>
/// Sets, once on each SQLite connection the pool opens, how it waits and how it commits:
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the file locked waits inside SQLite, retrying within a millisecond or
/// two. Without it Microsoft.Data.Sqlite sleeps its thread 150 ms and tries again; at a deadline, fifty uploads at once
/// each parked a thread that way, and accepting one took seconds.</item>
/// <item><c>journal_mode = WAL</c> (EF Core sets it when it creates the file; said again for a file made otherwise):
/// readers never wait for the writer.</item>
/// <item><c>synchronous = NORMAL</c>: in WAL mode a commit no longer waits
/// for the disk; a crash of the process loses nothing, a power cut may lose the last commits, and the file never
/// corrupts. SQLite's own advice for WAL.</item>
/// </list>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    /// <summary>How long a writer waits for another to finish before SQLite reports the file busy.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    // A pooled connection keeps its settings: each underlying handle is set once.
    readonly ConditionalWeakTable<sqlite3, object> done = new();

    SqlitePragmas() { }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || done.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        done.AddOrUpdate(handle, this);
    }
}
