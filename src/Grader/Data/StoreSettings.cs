using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Course.Grader.Data;

/// <summary>
/// The one place the store's database is chosen: <c>ConnectionStrings:Course</c> when set, else SQLite at
/// <c>data/course.db</c>. Both stores (grading, and the course's accounts and gradebook) live in that database.
/// </summary>
public sealed record StoreSettings(StoreProvider Provider, string ConnectionString)
{
    public const string ConnectionName = "Course";

    public static StoreSettings From(IConfiguration configuration, string dataPath) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } configured
            ? new StoreSettings(StoreProvider.Sqlite, configured)
            : new StoreSettings(StoreProvider.Sqlite, $"Data Source={Path.Combine(dataPath, "course.db")}");

    public DbConnection OpenConnection() => Provider switch
    {
        StoreProvider.Sqlite => new SqliteConnection(ConnectionString),
        _ => throw new InvalidOperationException($"no store provider {Provider}"),
    };

    /// <summary>Points a context at the shared connection; each store keeps its own migration history table.</summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder options, DbConnection connection, string historyTable) => Provider switch
    {
        StoreProvider.Sqlite => options.UseSqlite(connection, o => o.MigrationsHistoryTable(historyTable)),
        _ => throw new InvalidOperationException($"no store provider {Provider}"),
    };
}
