using System.Data.Common;
using System.Net.Sockets;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Gpu;
using Course.Grader.Submissions;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Course.Grader.Queue;

/// <summary>
/// The in-process grader workers, <see cref="GraderOptions.Workers"/> of them: each claims a job, renews the lease while
/// grading, and closes the job only while the lease is still its own. A worker that can lease a GPU from the process's
/// <see cref="GpuPool"/> holds it while it claims, so a job that requires a GPU is taken only with one in hand. The
/// process writes its heartbeat to the <see cref="WorkerRegistry"/> as often as the leases are renewed.
/// </summary>
public sealed class GradingWorker(IServiceScopeFactory scopes, IOptions<GraderOptions> options, TimeProvider clock, ILogger<GradingWorker> logger,
    GpuPool gpus) : BackgroundService
{
    static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);
    /// <summary>How often a worker whose Docker engine stopped answering asks it again.</summary>
    static readonly TimeSpan EngineRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Set when a job failed because the Docker engine did not answer (stopped, restarting, its socket gone). Until a
    /// ping succeeds this process claims nothing: each claim would fail the same way and spend a student's attempts.
    /// </summary>
    volatile bool engineDown;

    /// <summary>This process's name in the registry; its workers are named after it.</summary>
    public string Name { get; } = $"{options.Value.WorkerName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A portal that grades nothing itself (Workers = 0, the workers run elsewhere) is no worker to list.
        if (options.Value.Workers <= 0) return;
        await ReapOrphansAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(1, options.Value.Workers)
            .Select(i => RunAsync($"{Name}/{i}", stoppingToken))
            .Append(HeartbeatAsync(stoppingToken)));
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<WorkerRegistry>().RemoveAsync(Name, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "worker {Worker} could not leave the registry; it will show as not answering", Name);
        }
    }

    /// <summary>A worker killed mid-job left its sandbox behind; the next worker on this machine removes it before it starts.</summary>
    async Task ReapOrphansAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var reaped = await scope.ServiceProvider.GetRequiredService<Sandbox.SandboxRunner>().ReapOrphansAsync(ct);
            if (reaped > 0) logger.LogWarning("removed {Count} sandbox containers left by grader processes that stopped mid-run", reaped);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The expiry sweep removes them later; a worker still grades without this.
            logger.LogWarning(e, "could not look for sandbox containers left by stopped grader processes");
        }
    }

    /// <summary>Writes this process's row in the registry once: its slots, its GPUs and which of them are leased now.</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WorkerRegistry>().BeatAsync(
            new WorkerBeat(Name, options.Value.Workers, gpus.Devices, gpus.Busy, options.Value.LeaseDuration), ct);
    }

    async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                await Task.Delay(options.Value.LeaseDuration / 3, clock, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed beat only makes the queue page doubt this worker for a while; grading goes on.
                logger.LogWarning(e, "worker {Worker} could not write its heartbeat", Name);
                try { await Task.Delay(options.Value.LeaseDuration / 3, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    async Task RunAsync(string name, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await GradeOneAsync(name, stoppingToken))
                    await Task.Delay(engineDown ? EngineRetry : Idle, clock, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "grading worker {Worker} failed; retrying", name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims and grades one job.</summary>
    /// <returns>False when there was nothing to claim, or the Docker engine still does not answer.</returns>
    public async Task<bool> GradeOneAsync(string worker, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        if (engineDown && !await EngineAnswersAsync(services, ct)) return false;
        var queue = services.GetRequiredService<JobQueue>();
        // Leased before the claim, so that no other worker of this process takes the same GPU in between.
        using var gpu = gpus.TryLease();
        var job = await queue.ClaimNextAsync(worker, gpuFree: gpu is not null, ct);
        if (job is null) return false;
        if (job.Gpu == GpuMode.None) gpu?.Dispose();
        var writer = services.GetRequiredService<ResultWriter>();
        // Cancelled when the host stops, or by the renewal once the lease is lost: then the work stops and nothing is written.
        using var grading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = KeepLeaseAsync(job, worker, grading);
        bool LeaseLost() => grading.IsCancellationRequested && !ct.IsCancellationRequested;
        try
        {
            var report = await services.GetRequiredService<IJobGrader>().GradeAsync(job, job.Gpu == GpuMode.None ? null : gpu, grading.Token);
            if (await writer.WriteGradedAsync(job, worker, report, grading.Token))
                logger.LogInformation("graded submission {Id}: {Score}/{Max}", job.SubmissionId, report.Score, report.MaxScore);
            else
                LogLeaseLost(job, worker);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping is not the job's fault: hand it back so it keeps its place and the try does not count.
            await queue.ReleaseAsync(job, worker, CancellationToken.None);
            throw;
        }
        catch (Exception) when (LeaseLost())
        {
            LogLeaseLost(job, worker);
        }
        catch (SubmissionRejectedException e)
        {
            if (!await writer.FinishAsync(job, worker, JobStatus.Rejected, e.Message, CancellationToken.None))
                LogLeaseLost(job, worker);
        }
        catch (Exception e)
        {
            if (EngineUnreachable(e) && !await EngineAnswersAsync(services, CancellationToken.None))
            {
                // Neither the submission's fault nor the grader's: the job goes back untouched (its place kept, the try
                // not counted), and this process claims nothing more until the engine answers. The engine is asked at
                // once, so a failure that only looks like this while the engine is up is retried and counted as any
                // other: no job can loop.
                engineDown = true;
                logger.LogError("the Docker engine at {Endpoint} does not answer ({Reason}): the job of submission {Id} goes back to the queue, " +
                                "and worker {Worker} waits for the engine", options.Value.DockerEndpoint, e.Message, job.SubmissionId, worker);
                await queue.ReleaseAsync(job, worker, CancellationToken.None);
                return true;
            }
            // The grader's fault (what the submission does ends in a scored report): retry at the back, a few times.
            var reason = e.Message.Split('\n')[0];
            var status = await queue.RetryAsync(job, worker, reason, CancellationToken.None);
            if (status is null)
                LogLeaseLost(job, worker);
            else
                logger.LogError(e, "grading submission {Id} failed (attempt {Attempt}); the job is now {Status}", job.SubmissionId, job.Attempts, status);
        }
        finally
        {
            await grading.CancelAsync();
            await renewal;
        }
        return true;
    }

    /// <summary>Pings the engine (for at most a few seconds); true, and the worker grades again, when it answers.</summary>
    async Task<bool> EngineAnswersAsync(IServiceProvider services, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await services.GetRequiredService<IDockerClient>().System.PingAsync(limit.Token);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        if (engineDown) logger.LogInformation("the Docker engine at {Endpoint} answers again; grading resumes", options.Value.DockerEndpoint);
        engineDown = false;
        return true;
    }

    /// <summary>
    /// Whether the engine could not be reached at all: Docker.DotNet reports a refused or missing socket as an
    /// <see cref="HttpRequestException"/> over a <see cref="SocketException"/>. An answer with an error status is a
    /// <see cref="DockerApiException"/> instead, and a database's lost connection is its own <see cref="DbException"/>.
    /// </summary>
    public static bool EngineUnreachable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException or DockerApiException) return false;
            if (x is HttpRequestException or SocketException) return true;
        }
        return false;
    }

    void LogLeaseLost(GradingJob job, string worker) =>
        logger.LogWarning("worker {Worker} lost its lease on the job of submission {Id}; it wrote nothing, the job is another worker's now",
            worker, job.SubmissionId);

    /// <summary>Renews the lease until <paramref name="grading"/> ends; cancels it when a renewal fails, as the job may be another's.</summary>
    async Task KeepLeaseAsync(GradingJob job, string worker, CancellationTokenSource grading)
    {
        var ct = grading.Token;
        while (true)
        {
            bool renewed;
            try
            {
                await Task.Delay(options.Value.LeaseDuration / 3, clock, ct);
                using var scope = scopes.CreateScope();
                renewed = await scope.ServiceProvider.GetRequiredService<JobQueue>().RenewAsync(job.Id, worker, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "worker {Worker} could not renew its lease on the job of submission {Id}", worker, job.SubmissionId);
                renewed = false;
            }
            if (!renewed)
            {
                await grading.CancelAsync();
                return;
            }
        }
    }
}
