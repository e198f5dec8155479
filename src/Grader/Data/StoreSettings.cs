using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Course.Grader.Data;

/// <summary>
/// The one place the store's database is chosen: <c>ConnectionStrings:Course</c> when set, else SQLite at
/// <c>data/course.db</c>. A PostgreSQL connection string (<c>Host=…</c>) or URL (<c>postgres://user:pw@host/db</c>)
/// names PostgreSQL; anything else is SQLite's. Both stores (grading, and the course's accounts and gradebook) live in
/// that database.
/// </summary>
public sealed record StoreSettings(StoreProvider Provider, string ConnectionString)
{
    public const string ConnectionName = "Course";

    public static StoreSettings From(IConfiguration configuration, string dataPath) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } configured
            ? Parse(configured)
            : new StoreSettings(StoreProvider.Sqlite, $"Data Source={Path.Combine(dataPath, "course.db")}");

    /// <summary>Reads a connection string or a <c>postgres://</c> URL (as <c>./course worker --db</c> takes it).</summary>
    public static StoreSettings Parse(string connection)
    {
        var text = connection.Trim();
        if (PostgresUrl.TryConvert(text, out var converted)) return new StoreSettings(StoreProvider.Postgres, Pooled(converted));
        return IsPostgres(text) ? new StoreSettings(StoreProvider.Postgres, Pooled(text)) : new StoreSettings(StoreProvider.Sqlite, text);
    }

    /// <summary>The most connections to PostgreSQL one process holds, unless its connection string says otherwise.</summary>
    public const int MaxPoolSize = 16;

    /// <summary>
    /// Npgsql's pool as this store uses it, where a connection string does not say otherwise. EF Core opens and closes
    /// the connection around each query, and Npgsql by default resets a connection taken from its pool (<c>DISCARD ALL</c>)
    /// and plans every statement afresh: the store keeps no session state between queries (advisory locks here are
    /// transaction-scoped; the listener has a connection of its own), so neither is needed, and the same few statements
    /// run on every upload and claim are worth preparing once per connection. A process holds at most
    /// <see cref="MaxPoolSize"/> connections (Npgsql's default is 100): each is a server process, and a burst of uploads
    /// spread over fifty of them cost PostgreSQL more CPU than the same work queued for a few (measured in docs/scaling.md).
    /// </summary>
    static string Pooled(string connection)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connection }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connection);
        if (!given.Contains("noresetonclose")) builder.NoResetOnClose = true;
        if (!given.Contains("maxautoprepare")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("maxpoolsize") && !given.Contains("maximumpoolsize")) builder.MaxPoolSize = MaxPoolSize;
        return builder.ConnectionString;
    }

    /// <summary>Npgsql's keywords for the server; SQLite's connection strings have none of them.</summary>
    static bool IsPostgres(string connection)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connection };
            return builder.ContainsKey("Host") || builder.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public DbConnection OpenConnection() => Provider switch
    {
        StoreProvider.Sqlite => new SqliteConnection(ConnectionString),
        StoreProvider.Postgres => new NpgsqlConnection(ConnectionString),
        _ => throw new InvalidOperationException($"no store provider {Provider}"),
    };

    /// <summary>
    /// Points a context at the shared connection; each store keeps its own migration history table, and reads the
    /// migration set of its provider (<see cref="ProviderMigrationsAssembly"/>). On SQLite, each connection is set to wait for
    /// a busy file and to commit without waiting for the disk (<see cref="SqlitePragmas"/>).
    /// </summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder options, DbConnection connection, string historyTable) => (Provider switch
    {
        StoreProvider.Sqlite => options.UseSqlite(connection, o => o.MigrationsHistoryTable(historyTable)).AddInterceptors(SqlitePragmas.Instance),
        StoreProvider.Postgres => options.UseNpgsql(connection, o => o.MigrationsHistoryTable(historyTable)),
        _ => throw new InvalidOperationException($"no store provider {Provider}"),
    }).ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();

    /// <summary>As <see cref="Apply(DbContextOptionsBuilder, DbConnection, string)"/>, for a context that opens its own connections.</summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder options, string historyTable) => (Provider switch
    {
        StoreProvider.Sqlite => options.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(historyTable)).AddInterceptors(SqlitePragmas.Instance),
        StoreProvider.Postgres => options.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(historyTable)),
        _ => throw new InvalidOperationException($"no store provider {Provider}"),
    }).ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
}
