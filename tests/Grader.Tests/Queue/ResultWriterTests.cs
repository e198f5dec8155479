using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Tests.Queue;

/// <summary>Closing a job: only the worker that still holds the lease can, so a re-claimed job's work is never overwritten.</summary>
public sealed class ResultWriterTests : IDisposable
{
    readonly QueueDatabase data = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_grade_is_written_with_its_tests_and_closes_the_job()
    {
        var id = await data.QueueJobAsync();
        var job = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;

        Assert.True(await data.NewWriter().WriteGradedAsync(job, "w1", SampleReport.Create(), Ct));

        var closed = await data.JobAsync(id);
        Assert.Equal(JobStatus.Graded, closed.Status);
        Assert.Null(closed.LeaseUntil);
        await using var db = data.NewContext();
        var result = await db.Results.Include(r => r.Tests).SingleAsync(r => r.SubmissionId == job.SubmissionId, Ct);
        Assert.Equal(5, result.Score);
        Assert.Equal(["sdpa_basic", "mha_forward"], result.Tests.OrderBy(t => t.Order).Select(t => t.Name));
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_cannot_write_a_grade_over_the_new_holders_job()
    {
        var id = await data.QueueJobAsync();
        var stale = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;
        data.LetLeasesRunOut();
        var current = (await data.NewQueue().ClaimNextAsync("w2", Ct))!;

        Assert.False(await data.NewWriter().WriteGradedAsync(stale, "w1", SampleReport.Create(), Ct));
        Assert.Equal(0, await data.ResultCountAsync(id));
        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("w2", job.Worker);

        Assert.True(await data.NewWriter().WriteGradedAsync(current, "w2", SampleReport.Create(), Ct));
        Assert.Equal(1, await data.ResultCountAsync(id));
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_cannot_close_the_job_as_rejected()
    {
        var id = await data.QueueJobAsync();
        var stale = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;
        data.LetLeasesRunOut();
        await data.NewQueue().ClaimNextAsync("w2", Ct);

        Assert.False(await data.NewWriter().FinishAsync(stale, "w1", JobStatus.Rejected, "not a Python file", Ct));

        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("w2", job.Worker);
        Assert.DoesNotContain("not a Python file", job.Message);
    }

    [Fact]
    public async Task The_worker_holding_the_lease_closes_the_job_with_its_message()
    {
        var id = await data.QueueJobAsync();
        var job = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;

        Assert.True(await data.NewWriter().FinishAsync(job, "w1", JobStatus.Rejected, "not a Python file", Ct));

        var closed = await data.JobAsync(id);
        Assert.Equal(JobStatus.Rejected, closed.Status);
        Assert.Equal("not a Python file", closed.Message);
        Assert.Equal(data.Clock.GetUtcNow(), closed.FinishedAt);
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_cannot_queue_the_job_for_a_retry()
    {
        var id = await data.QueueJobAsync();
        var stale = (await data.NewQueue().ClaimNextAsync("w1", Ct))!;
        data.LetLeasesRunOut();
        await data.NewQueue().ClaimNextAsync("w2", Ct);

        Assert.Null(await data.NewQueue().RetryAsync(stale, "w1", "engine restarted", Ct));
        Assert.False(await data.NewQueue().ReleaseAsync(stale, "w1", Ct));
        Assert.Equal("w2", (await data.JobAsync(id)).Worker);
    }

    public void Dispose() => data.Dispose();
}
