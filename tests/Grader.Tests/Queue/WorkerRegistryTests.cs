using Course.Grader.Gpu;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Course.Grader.Data;

namespace Course.Grader.Tests.Queue;

/// <summary>The workers' heartbeats in the grading store, read back as the queue page lists them, with a clock the tests move.</summary>
public sealed class WorkerRegistryTests : IDisposable
{
    readonly QueueDatabase data = new();
    readonly List<ServiceProvider> providers = [];
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WorkerRegistry Registry() => new(data.NewContext(), data.Clock);

    [Fact]
    public async Task A_heartbeat_lists_the_worker_with_its_slots_and_which_GPUs_are_busy()
    {
        var pool = new GpuPool(["0", "1"]);
        using var lease = pool.TryLease();
        var worker = Worker(pool, slots: 2);

        await worker.BeatAsync(Ct);

        var w = Assert.Single(await Registry().ListAsync(Ct));
        Assert.Equal(worker.Name, w.Name);
        Assert.Equal(2, w.Slots);
        Assert.Equal(["0", "1"], w.Gpus);
        Assert.Equal(["0"], w.GpusBusy);
        Assert.True(w.Alive);
        Assert.Equal(2, await Registry().LiveSlotsAsync(Ct));
    }

    [Fact]
    public async Task A_worker_is_alive_for_two_leases_after_its_last_heartbeat_then_not_answering()
    {
        var worker = Worker(new GpuPool([]), slots: 3);
        await worker.BeatAsync(Ct);

        data.Clock.Advance(2 * data.Settings.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.True(Assert.Single(await Registry().ListAsync(Ct)).Alive);

        data.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(Assert.Single(await Registry().ListAsync(Ct)).Alive);
        Assert.Equal(0, await Registry().LiveSlotsAsync(Ct));

        await worker.BeatAsync(Ct);
        var back = Assert.Single(await Registry().ListAsync(Ct));
        Assert.True(back.Alive);
        Assert.Equal(data.Clock.GetUtcNow(), back.HeartbeatAt);
    }

    [Fact]
    public async Task A_worker_that_stops_cleanly_leaves_and_one_silent_for_a_day_is_forgotten()
    {
        var leaving = Worker(new GpuPool([]), slots: 1);
        var dying = Worker(new GpuPool([]), slots: 1);
        await leaving.BeatAsync(Ct);
        await dying.BeatAsync(Ct);

        await Registry().RemoveAsync(leaving.Name, Ct);
        Assert.Equal([dying.Name], (await Registry().ListAsync(Ct)).Select(w => w.Name));

        data.Clock.Advance(WorkerRegistry.Forgotten + 2 * data.Settings.LeaseDuration + TimeSpan.FromSeconds(1));
        var survivor = Worker(new GpuPool([]), slots: 1);
        await survivor.BeatAsync(Ct);
        Assert.Equal([survivor.Name], (await Registry().ListAsync(Ct)).Select(w => w.Name));
    }

    GradingWorker Worker(GpuPool pool, int slots)
    {
        var settings = new GraderOptions { LeaseDuration = data.Settings.LeaseDuration, Workers = slots, WorkerName = "box" };
        var services = new ServiceCollection()
            .AddDbContext<GradingDbContext>(o => o.UseSqlite(data.ConnectionString))
            .AddSingleton<TimeProvider>(data.Clock)
            .AddScoped<WorkerRegistry>()
            .BuildServiceProvider();
        providers.Add(services);
        return new GradingWorker(services.GetRequiredService<IServiceScopeFactory>(), Options.Create(settings), data.Clock,
            NullLogger<GradingWorker>.Instance, pool);
    }

    public void Dispose()
    {
        foreach (var p in providers) p.Dispose();
        data.Dispose();
    }
}
