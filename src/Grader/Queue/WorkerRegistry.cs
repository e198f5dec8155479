using Course.Grader.Data;
using Course.Grader.Gpu;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Queue;

/// <summary>
/// The grader processes sharing this queue, each as its own heartbeat last wrote it: the queue page lists them and the
/// wait estimate counts their slots. Plain EF Core, so it works on every store the queue does.
/// </summary>
public sealed class WorkerRegistry(GradingDbContext db, TimeProvider clock)
{
    /// <summary>A worker silent this long is dropped from the list; until then it shows as not answering.</summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    public async Task BeatAsync(WorkerBeat beat, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var aliveUntil = now + 2 * beat.LeaseDuration;
        var gpus = string.Join(',', beat.Gpus);
        var busy = string.Join(',', beat.GpusBusy);
        var updated = await db.Workers.Where(w => w.Name == beat.Name).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Slots, beat.Slots)
            .SetProperty(w => w.Gpus, gpus)
            .SetProperty(w => w.GpusBusy, busy)
            .SetProperty(w => w.HeartbeatAt, now)
            .SetProperty(w => w.AliveUntil, aliveUntil), ct);
        if (updated == 0)
        {
            // Only this process writes its row, so the first beat's insert races with nobody.
            db.Workers.Add(new WorkerRegistration
            {
                Name = beat.Name, Slots = beat.Slots, Gpus = gpus, GpusBusy = busy, StartedAt = now, HeartbeatAt = now, AliveUntil = aliveUntil,
            });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        var forgotten = now - Forgotten;
        await db.Workers.Where(w => w.AliveUntil < forgotten).ExecuteDeleteAsync(ct);
    }

    /// <summary>A worker that stops cleanly leaves the list at once.</summary>
    public Task RemoveAsync(string name, CancellationToken ct = default) =>
        db.Workers.Where(w => w.Name == name).ExecuteDeleteAsync(ct);

    /// <summary>Every known worker, the live ones first.</summary>
    public async Task<IReadOnlyList<WorkerView>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Workers.AsNoTracking().ToListAsync(ct);
        return rows
            .Select(w => new WorkerView(w.Name, w.Slots, GpuPool.Parse(w.Gpus), GpuPool.Parse(w.GpusBusy), w.StartedAt, w.HeartbeatAt, w.AliveUntil > now))
            .OrderByDescending(w => w.Alive).ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Jobs the live workers can grade at once.</summary>
    public async Task<int> LiveSlotsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Workers.Where(w => w.AliveUntil > now).SumAsync(w => w.Slots, ct);
    }
}
