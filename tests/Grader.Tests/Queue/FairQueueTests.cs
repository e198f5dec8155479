using System.Collections.Concurrent;
using Course.Grader.Data;
using Course.Tests.Shared;

namespace Course.Grader.Tests.Queue;

/// <summary>Fair order at a deadline, and many workers sharing one PostgreSQL queue.</summary>
public sealed class FairQueueTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ada sends three, Bea two, Cid one, in that order of arrival.</summary>
    static async Task<Dictionary<string, long>> QueueDeadlineRushAsync(QueueDatabase data)
    {
        var jobs = new Dictionary<string, long>();
        foreach (var (student, n) in new[] { ("ada", 1), ("ada", 2), ("ada", 3), ("bea", 1), ("bea", 2), ("cid", 1) })
        {
            jobs[$"{student}{n}"] = await data.QueueJobAsync(student);
            data.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return jobs;
    }

    static readonly string[] FairOrder = ["ada1", "bea1", "cid1", "ada2", "bea2", "ada3"];

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_students_second_job_waits_behind_every_other_students_first(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var jobs = await QueueDeadlineRushAsync(data);
        var queue = data.NewQueue();

        var claimed = new List<long>();
        while (await queue.ClaimNextAsync("w1", Ct) is { } job) claimed.Add(job.Id);

        Assert.Equal(FairOrder.Select(name => jobs[name]), claimed);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_jobs_queue_position_follows_the_fair_order(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var jobs = await QueueDeadlineRushAsync(data);
        var queue = data.NewQueue();

        foreach (var (name, expected) in FairOrder.Select((name, i) => (name, i + 1)))
            Assert.Equal(expected, await queue.PositionAsync(await data.JobAsync(jobs[name]), Ct));

        // Once Ada's first is being graded, her second is her first in the queue: it moves up to third, behind Bea's and Cid's firsts.
        Assert.Equal(jobs["ada1"], (await queue.ClaimNextAsync("w1", Ct))?.Id);
        Assert.Equal(3, await queue.PositionAsync(await data.JobAsync(jobs["ada2"]), Ct));
        Assert.Equal(1, await queue.PositionAsync(await data.JobAsync(jobs["bea1"]), Ct));
    }

    [Fact]
    public async Task Eight_workers_claiming_two_hundred_jobs_on_PostgreSQL_claim_each_exactly_once()
    {
        await using var data = await QueueDatabase.CreateAsync(StoreProvider.Postgres, postgres);
        var ids = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add(await data.QueueJobAsync($"student{i % 37}"));
            if (i % 10 == 0) data.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        var claims = new ConcurrentBag<(string Worker, long Id)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(1, 8).Select(w => Task.Run(async () =>
        {
            var queue = data.NewQueue();
            await start.Task;
            while (await queue.ClaimNextAsync($"w{w}", Ct) is { } job) claims.Add(($"w{w}", job.Id));
        }, Ct)).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(ids.Order(), claims.Select(c => c.Id).Order());
        foreach (var (worker, id) in claims)
        {
            var job = await data.JobAsync(id);
            Assert.Equal((JobStatus.Running, worker, 1), (job.Status, job.Worker, job.Attempts));
        }
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() > 1, "the claims all went to one worker");
    }
}
