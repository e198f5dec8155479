using System.Collections.Concurrent;
using Course.Gradebook.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Course.Gradebook.Accounts;

/// <summary>
/// When each API token was last used, written off the request path: a call notes its token here and the notes are
/// written once a second, in one statement. At a deadline every student's first call is their token's first use, so
/// writing on the request would cost each upload a transaction of its own. A note lost to a crash loses a second of
/// "last used" times, never a grade.
/// </summary>
public sealed class ApiTokenUses(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ApiTokenUses> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly ConcurrentDictionary<long, DateTimeOffset> pending = new();

    public void Note(long tokenId, DateTimeOffset usedAt) => pending[tokenId] = usedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes every noted use: each token's last use becomes the latest noted in this batch (a second apart at most).</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var batch = new List<long>();
        var latest = DateTimeOffset.MinValue;
        foreach (var id in pending.Keys)
            if (pending.TryRemove(id, out var at))
            {
                batch.Add(id);
                if (at > latest) latest = at;
            }
        if (batch.Count == 0) return;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CourseDbContext>();
            await db.ApiTokens.Where(t => batch.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, latest), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Informational only: the tokens still work, and their next use notes them again.
            logger.LogWarning(e, "could not record the last use of {Count} API tokens", batch.Count);
        }
    }
}
