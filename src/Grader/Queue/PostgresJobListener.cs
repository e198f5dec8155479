using Course.Grader.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Course.Grader.Queue;

/// <summary>
/// <c>LISTEN course_jobs</c> on a connection of its own, signalling <see cref="JobChanges"/> at each notice that workers
/// anywhere send when they claim or close a job. Reconnects after a failure; pages fall back to their slow tick meanwhile.
/// </summary>
public sealed class PostgresJobListener(StoreSettings store, JobChanges changes, ILogger<PostgresJobListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Provider != StoreProvider.Postgres) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: the store's pooled connections are not reset when returned (StoreSettings), and this one
                // would go back still listening.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(store.ConnectionString) { Pooling = false }.ConnectionString);
                connection.Notification += (_, _) => changes.Signal();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobChanges.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                changes.Signal(); // whatever changed while not listening
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "listening for job changes failed; live pages poll until it reconnects");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
