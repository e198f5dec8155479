using System.Net.Sockets;
using Course.Grader.Data;
using Course.Grader.Gpu;
using Course.Grader.Queue;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Docker.DotNet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Course.Grader.Tests.Queue;

/// <summary>
/// One worker's turn, <see cref="GradingWorker.GradeOneAsync"/>, on the real queue and store, with the grading itself
/// played by the test (the real one needs Docker): what is written, and that nothing is once the lease is lost.
/// </summary>
public sealed class GradingWorkerTests : IDisposable
{
    readonly QueueDatabase data = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_graded_job_gets_its_result_and_is_closed()
    {
        var id = await data.QueueJobAsync();

        Assert.True(await WorkerWith(new Grading((_, _) => Task.FromResult(SampleReport.Create()))).GradeOneAsync("w1", Ct));

        Assert.Equal(JobStatus.Graded, (await data.JobAsync(id)).Status);
        Assert.Equal(1, await data.ResultCountAsync(id));
    }

    [Fact]
    public async Task With_nothing_queued_the_worker_reports_that_it_found_nothing()
    {
        Assert.False(await WorkerWith(new Grading((_, _) => throw new InvalidOperationException("never called"))).GradeOneAsync("w1", Ct));
    }

    [Fact]
    public async Task An_upload_that_cannot_be_graded_closes_the_job_as_rejected()
    {
        var id = await data.QueueJobAsync();

        await WorkerWith(new Grading((_, _) => throw new SubmissionRejectedException("the notebook is not valid JSON"))).GradeOneAsync("w1", Ct);

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Rejected, job.Status);
        Assert.Equal("the notebook is not valid JSON", job.Message);
    }

    [Fact]
    public async Task A_grader_failure_sends_the_job_to_the_back_of_the_queue_with_a_backoff()
    {
        var id = await data.QueueJobAsync();
        var failedAt = data.Clock.GetUtcNow();

        await WorkerWith(new Grading((_, _) => throw new GradingInfrastructureException("no Docker engine answers\nat ..."))).GradeOneAsync("w1", Ct);

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(failedAt + data.Settings.RetryBackoff, job.QueuedAt);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("no Docker engine answers", job.Message);
        Assert.DoesNotContain("at ...", job.Message);
        Assert.Equal(0, await data.ResultCountAsync(id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_failed_renewal_cancels_the_grading_and_nothing_is_written()
    {
        var id = await data.QueueJobAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        var worker = WorkerWith(new Grading(async (_, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            return SampleReport.Create();
        }));

        var turn = worker.GradeOneAsync("w1", Ct);
        await started.Task.WaitAsync(Ct);
        await TakeOverAsync(id, "w2");
        data.Clock.Advance(data.Settings.LeaseDuration / 3); // the next renewal is due, and fails

        Assert.True(await turn.WaitAsync(Ct));
        Assert.True(cancelled);
        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("w2", job.Worker);
        Assert.Null(job.Message);
        Assert.Equal(0, await data.ResultCountAsync(id));
    }

    [Fact]
    public async Task A_report_finished_after_the_lease_was_lost_is_not_written()
    {
        var id = await data.QueueJobAsync();
        var worker = WorkerWith(new Grading(async (_, _) =>
        {
            await TakeOverAsync(id, "w2");
            return SampleReport.Create();
        }));

        Assert.True(await worker.GradeOneAsync("w1", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("w2", job.Worker);
        Assert.Equal(0, await data.ResultCountAsync(id));
    }

    [Fact]
    public async Task A_failure_after_the_lease_was_lost_does_not_requeue_the_new_holders_job()
    {
        var id = await data.QueueJobAsync();
        var worker = WorkerWith(new Grading(async (_, _) =>
        {
            await TakeOverAsync(id, "w2");
            throw new GradingInfrastructureException("the engine went away");
        }));

        await worker.GradeOneAsync("w1", Ct);

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("w2", job.Worker);
    }

    [Fact]
    public async Task When_the_Docker_engine_does_not_answer_the_job_goes_back_untouched_and_nothing_more_is_claimed()
    {
        var id = await data.QueueJobAsync();
        var calls = 0;
        var worker = WorkerWith(new Grading((_, _) =>
        {
            calls++;
            throw new HttpRequestException("Connection failed", new SocketException((int)SocketError.ConnectionRefused));
        }), engine: "unix:///tmp/no-docker-engine-here.sock");

        Assert.True(await worker.GradeOneAsync("w1", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal((JobStatus.Queued, 0, null), (job.Status, job.Attempts, job.Worker));
        Assert.False(await worker.GradeOneAsync("w1", Ct)); // the engine still does not answer: nothing is claimed
        Assert.Equal(1, calls);
        Assert.Equal(JobStatus.Queued, (await data.JobAsync(id)).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Once_the_Docker_engine_answers_again_the_handed_back_job_is_graded_on_its_first_counted_try()
    {
        var id = await data.QueueJobAsync();
        var socket = Path.Combine(Path.GetTempPath(), $"engine-{Guid.NewGuid():N}.sock");
        var calls = 0;
        var worker = WorkerWith(new Grading((_, _) => ++calls == 1
            ? throw new HttpRequestException("Connection failed", new SocketException((int)SocketError.ConnectionRefused))
            : Task.FromResult(SampleReport.Create())), engine: $"unix://{socket}");
        Assert.True(await worker.GradeOneAsync("w1", Ct)); // handed back: nothing listens on the socket yet
        Assert.False(await worker.GradeOneAsync("w1", Ct));

        using var engine = PingAnswerer.Listen(socket, Ct);
        Assert.True(await worker.GradeOneAsync("w1", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal((JobStatus.Graded, 1), (job.Status, job.Attempts));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failure_that_looks_like_a_lost_engine_while_the_engine_answers_is_retried_and_counted()
    {
        var id = await data.QueueJobAsync();
        var socket = Path.Combine(Path.GetTempPath(), $"engine-{Guid.NewGuid():N}.sock");
        using var engine = PingAnswerer.Listen(socket, Ct);
        var worker = WorkerWith(new Grading((_, _) =>
            throw new HttpRequestException("Connection failed", new SocketException((int)SocketError.ConnectionReset))), engine: $"unix://{socket}");

        Assert.True(await worker.GradeOneAsync("w1", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal((JobStatus.Queued, 1), (job.Status, job.Attempts)); // at the back, after its back-off: it cannot loop
        Assert.Contains("Connection failed", job.Message);
    }

    [Fact]
    public async Task What_Docker_DotNet_throws_when_no_engine_is_there_reads_as_an_unreachable_engine()
    {
        using var client = new DockerClientConfiguration(new Uri("unix:///tmp/no-docker-engine-here.sock")).CreateClient();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters(), Ct));

        Assert.True(GradingWorker.EngineUnreachable(e), e.ToString());
        Assert.False(GradingWorker.EngineUnreachable(new GradingInfrastructureException("the reference wrote no calls.json")));
    }

    /// <summary>Stands in for the Docker engine's socket: answers every request <c>200 OK</c>, as <c>GET /_ping</c> does.</summary>
    sealed class PingAnswerer : IDisposable
    {
        readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        readonly string path;

        PingAnswerer(string path) => this.path = path;

        public static PingAnswerer Listen(string path, CancellationToken ct)
        {
            var answerer = new PingAnswerer(path);
            answerer.listener.Bind(new UnixDomainSocketEndPoint(path));
            answerer.listener.Listen();
            _ = answerer.ServeAsync(ct);
            return answerer;
        }

        async Task ServeAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptAsync(ct);
                    var buffer = new byte[4096];
                    await client.ReceiveAsync(buffer, ct);
                    await client.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"u8.ToArray(), ct);
                    client.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception) when (ct.IsCancellationRequested || !listener.IsBound)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        }

        public void Dispose()
        {
            listener.Dispose();
            File.Delete(path);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Stopping_the_host_hands_the_job_back_without_counting_the_try()
    {
        var id = await data.QueueJobAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = WorkerWith(new Grading(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return SampleReport.Create();
        }));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var turn = worker.GradeOneAsync("w1", stopping.Token);
        await started.Task.WaitAsync(Ct);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn);
        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.Worker);
    }

    /// <summary>What another worker's re-claim leaves in the row: the job is still running, under another name.</summary>
    async Task TakeOverAsync(long id, string worker)
    {
        await using var db = data.NewContext();
        await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Worker, worker), Ct);
    }

    GradingWorker WorkerWith(IJobGrader grader, string engine = "unix:///tmp/no-docker-engine-here.sock")
    {
        var services = new ServiceCollection()
            .AddSingleton<IDockerClient>(new DockerClientConfiguration(new Uri(engine)).CreateClient())
            .AddDbContext<GradingDbContext>(data.Configure)
            .AddSingleton<TimeProvider>(data.Clock)
            .AddSingleton(Options.Create(data.Settings))
            .AddScoped<JobQueue>()
            .AddScoped<ResultWriter>()
            .AddSingleton(grader)
            .BuildServiceProvider();
        providers.Add(services);
        return new GradingWorker(services.GetRequiredService<IServiceScopeFactory>(), Options.Create(data.Settings), data.Clock,
            NullLogger<GradingWorker>.Instance, new GpuPool([]));
    }

    readonly List<ServiceProvider> providers = [];

    public void Dispose()
    {
        foreach (var p in providers) p.Dispose();
        data.Dispose();
    }

    /// <summary>The grading step, as the test scripts it.</summary>
    sealed class Grading(Func<GradingJob, CancellationToken, Task<GradeReport>> grade) : IJobGrader
    {
        public Task<GradeReport> GradeAsync(GradingJob job, GpuLease? gpu, CancellationToken ct) => grade(job, ct);
    }
}
