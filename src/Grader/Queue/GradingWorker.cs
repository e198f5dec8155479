using Course.Grader.Data;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Course.Grader.Queue;

/// <summary>A grader worker: claims jobs, renews the lease while grading, writes the result.</summary>
public sealed class GradingWorker(IServiceScopeFactory scopes, IOptions<GraderOptions> options, ILogger<GradingWorker> logger) : BackgroundService
{
    static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var name = $"{options.Value.WorkerName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await GradeOneAsync(name, stoppingToken))
                    await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "grading worker {Worker} failed; retrying", name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    public async Task<bool> GradeOneAsync(string worker, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var job = await services.GetRequiredService<JobQueue>().ClaimNextAsync(worker, ct);
        if (job is null) return false;
        var writer = services.GetRequiredService<ResultWriter>();
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewWhileGradingAsync(job.Id, worker, renewing.Token);
        try
        {
            var assignment = services.GetRequiredService<AssignmentCatalog>().Get(job.Submission.AssignmentId);
            var upload = await services.GetRequiredService<SubmissionStore>().LoadAsync(job.Submission, ct);
            var report = await services.GetRequiredService<GradingPipeline>().GradeAsync(assignment, upload, ct);
            await writer.WriteGradedAsync(job, worker, report, ct);
            logger.LogInformation("graded submission {Id}: {Score}/{Max}", job.SubmissionId, report.Score, report.MaxScore);
        }
        catch (SubmissionRejectedException e)
        {
            await writer.FinishAsync(job, JobStatus.Rejected, e.Message, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The grader's fault: requeue, and give up after a few attempts with the reason kept for TAs.
            logger.LogError(e, "grading submission {Id} failed", job.SubmissionId);
            var final = job.Attempts >= JobQueue.MaxAttempts;
            await writer.FinishAsync(job, final ? JobStatus.Failed : JobStatus.Queued,
                $"grader failure (attempt {job.Attempts}): {e.Message.Split('\n')[0]}", CancellationToken.None);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
        return true;
    }

    async Task RenewWhileGradingAsync(long jobId, string worker, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.LeaseDuration / 3, ct);
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<JobQueue>().RenewAsync(jobId, worker, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
