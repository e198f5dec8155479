using System.Data.Common;

namespace Course.Grader.Data;

/// <summary>
/// One database connection per scope, shared by the grading store and the course's store, so a re-grade and its
/// audit line commit in one transaction.
/// </summary>
public sealed class StoreConnection(StoreSettings settings) : IAsyncDisposable, IDisposable
{
    DbConnection? connection;

    public StoreSettings Settings => settings;

    public DbConnection Connection => connection ??= settings.OpenConnection();

    public ValueTask DisposeAsync() => connection?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => connection?.Dispose();
}
