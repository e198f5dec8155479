using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Gpu;
using Course.Grader.Queue;
using Course.Grader.Score;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Course.Grader.Tests.Queue;

/// <summary>
/// Which worker takes a job that needs a GPU, on the real queue: the worker's <see cref="GpuPool"/> decides, and the
/// grading step (played by the test) records the lease it was handed.
/// </summary>
public sealed class GpuSchedulingTests : IDisposable
{
    readonly QueueDatabase data = new();
    readonly List<ServiceProvider> providers = [];
    readonly List<(long JobId, string? Device)> graded = [];
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_queue_hands_a_GPU_job_only_to_a_claim_that_holds_a_GPU_and_skips_it_otherwise()
    {
        var gpuJob = await data.QueueJobAsync("ada", GpuMode.Required);
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var optional = await data.QueueJobAsync("bea", GpuMode.Optional);

        Assert.Equal(optional, (await data.NewQueue().ClaimNextAsync("cpu-box/1", gpuFree: false, Ct))?.Id);
        Assert.Null(await data.NewQueue().ClaimNextAsync("cpu-box/1", gpuFree: false, Ct));
        var claimed = await data.NewQueue().ClaimNextAsync("gpu-box/1", gpuFree: true, Ct);

        Assert.Equal(gpuJob, claimed?.Id);
        Assert.Equal(GpuMode.Required, claimed?.Gpu);
    }

    [Fact]
    public async Task A_job_that_requires_a_GPU_is_not_claimed_by_a_worker_without_one()
    {
        var id = await data.QueueJobAsync(gpu: GpuMode.Required);

        Assert.False(await Worker(new GpuPool([])).GradeOneAsync("cpu-only/1", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(0, job.Attempts);
    }

    [Fact]
    public async Task A_job_that_requires_a_GPU_is_claimed_by_a_worker_with_a_free_one_and_graded_on_it()
    {
        var id = await data.QueueJobAsync(gpu: GpuMode.Required);
        var pool = new GpuPool(["1"]);

        Assert.True(await Worker(pool).GradeOneAsync("gpu-box/1", Ct));

        Assert.Equal([(id, "1")], graded);
        Assert.Equal(JobStatus.Graded, (await data.JobAsync(id)).Status);
        Assert.Empty(pool.Busy); // given back once graded
    }

    [Fact]
    public async Task A_job_that_requires_a_GPU_waits_while_the_workers_GPU_is_busy_and_a_CPU_job_behind_it_goes_ahead()
    {
        var gpuJob = await data.QueueJobAsync("ada", GpuMode.Required);
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var cpuJob = await data.QueueJobAsync("bea");
        var pool = new GpuPool(["0"]);
        var worker = Worker(pool);
        var otherSlot = pool.TryLease(); // another slot of this process is grading on GPU 0

        Assert.True(await worker.GradeOneAsync("gpu-box/2", Ct));
        Assert.Equal([(cpuJob, null)], graded);
        Assert.Equal(JobStatus.Queued, (await data.JobAsync(gpuJob)).Status);
        Assert.False(await worker.GradeOneAsync("gpu-box/2", Ct));

        otherSlot!.Dispose();
        Assert.True(await worker.GradeOneAsync("gpu-box/2", Ct));
        Assert.Equal((gpuJob, "0"), graded[^1]);
    }

    [Fact]
    public async Task An_optional_GPU_job_runs_on_the_CPU_while_the_GPU_is_busy_and_on_the_GPU_when_it_is_free()
    {
        var first = await data.QueueJobAsync("ada", GpuMode.Optional);
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await data.QueueJobAsync("bea", GpuMode.Optional);
        var pool = new GpuPool(["0"]);
        var worker = Worker(pool);

        var busy = pool.TryLease();
        await worker.GradeOneAsync("gpu-box/1", Ct);
        busy!.Dispose();
        await worker.GradeOneAsync("gpu-box/1", Ct);

        Assert.Equal([(first, null), (second, "0")], graded);
    }

    [Fact]
    public async Task A_job_without_a_GPU_gives_the_GPU_back_before_it_is_graded()
    {
        await data.QueueJobAsync();
        var pool = new GpuPool(["0"]);
        IReadOnlyList<string>? busyWhileGrading = null;

        await Worker(pool, () => busyWhileGrading = pool.Busy).GradeOneAsync("gpu-box/1", Ct);

        Assert.Empty(busyWhileGrading!);
    }

    GradingWorker Worker(GpuPool pool, Action? whileGrading = null)
    {
        var grader = new RecordingGrader(graded, whileGrading);
        var services = new ServiceCollection()
            .AddDbContext<GradingDbContext>(o => o.UseSqlite(data.ConnectionString))
            .AddSingleton<TimeProvider>(data.Clock)
            .AddSingleton(Options.Create(data.Settings))
            .AddScoped<JobQueue>()
            .AddScoped<ResultWriter>()
            .AddScoped<WorkerRegistry>()
            .AddSingleton<IJobGrader>(grader)
            .BuildServiceProvider();
        providers.Add(services);
        return new GradingWorker(services.GetRequiredService<IServiceScopeFactory>(), Options.Create(data.Settings), data.Clock,
            NullLogger<GradingWorker>.Instance, pool);
    }

    public void Dispose()
    {
        foreach (var p in providers) p.Dispose();
        data.Dispose();
    }

    /// <summary>Grades at once, noting which device each job was handed.</summary>
    sealed class RecordingGrader(List<(long, string?)> graded, Action? whileGrading) : IJobGrader
    {
        public Task<GradeReport> GradeAsync(GradingJob job, GpuLease? gpu, CancellationToken ct)
        {
            whileGrading?.Invoke();
            graded.Add((job.Id, gpu?.Device));
            return Task.FromResult(SampleReport.Create());
        }
    }
}
