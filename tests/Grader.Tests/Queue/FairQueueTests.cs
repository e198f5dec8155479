using System.Collections.Concurrent;
using Course.Grader.Data;
using Course.Grader.Queue;
using Course.Tests.Shared;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Claims with one worker until the queue is empty: the order workers take the jobs in.</summary>
    static async Task<List<long>> ClaimAllAsync(JobQueue queue)
    {
        var claimed = new List<long>();
        while (await queue.ClaimNextAsync("w1", Ct) is { } job) claimed.Add(job.Id);
        return claimed;
    }

    static readonly string[] FairOrder = ["ada1", "bea1", "cid1", "ada2", "bea2", "ada3"];

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_students_second_job_waits_behind_every_other_students_first(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var jobs = await QueueDeadlineRushAsync(data);
        var queue = data.NewQueue();

        var claimed = await ClaimAllAsync(queue);

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

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Jobs_waiting_at_the_upgrade_that_stores_ranks_keep_their_fair_places(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var jobs = await QueueDeadlineRushAsync(data);
        await using (var db = data.NewContext())
        {
            // Ada's first is being graded, as at the upgrade; no rank stored yet.
            await db.Jobs.Where(j => j.Id == jobs["ada1"]).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running), Ct);
            await db.Jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.Rank, 0), Ct);
            await db.Database.ExecuteSqlRawAsync(FairRankBackfill.Sql, Ct);
        }

        var claimed = await ClaimAllAsync(data.NewQueue());
        Assert.Equal(FairOrder.Skip(1).Select(name => jobs[name]), claimed);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_regrade_of_the_class_interleaves_the_students_behind_the_jobs_already_waiting(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var jobs = await QueueDeadlineRushAsync(data);
        var queue = data.NewQueue();
        while (await queue.ClaimNextAsync("w1", Ct) is { } job) await data.NewWriter().FinishAsync(job, "w1", JobStatus.Rejected, "no module", Ct);
        // Bea has sent another since; it waits, and her re-graded ones queue behind it.
        var bea3 = await data.QueueJobAsync("bea");
        data.Clock.Advance(TimeSpan.FromSeconds(1));

        var all = await Task.WhenAll(jobs.Values.Select(async id => (await data.JobAsync(id)).SubmissionId));
        Assert.Equal(6, await queue.RequeueAsync(all, Ct));

        var claimed = await ClaimAllAsync(queue);
        // Rank 0: Bea's waiting one, then the first re-graded of Ada and Cid; rank 1: Ada's second, Bea's first; rank 2: …
        Assert.Equal(new[] { bea3, jobs["ada1"], jobs["cid1"], jobs["ada2"], jobs["bea1"], jobs["ada3"], jobs["bea2"] }, claimed);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_retried_job_ranks_behind_its_students_other_open_jobs(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var ada1 = await data.QueueJobAsync("ada");
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var ada2 = await data.QueueJobAsync("ada");
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var bea1 = await data.QueueJobAsync("bea");
        var queue = data.NewQueue();
        var job = (await queue.ClaimNextAsync("w1", Ct))!;
        Assert.Equal(ada1, job.Id);

        Assert.Equal(JobStatus.Queued, await queue.RetryAsync(job, "w1", "the engine hiccupped", Ct));

        Assert.Equal(1, (await data.JobAsync(ada1)).Rank); // Ada's second is open
        data.Clock.Advance(data.Settings.RetryBackoff);
        var claimed = await ClaimAllAsync(queue);
        Assert.Equal(new[] { bea1, ada2, ada1 }, claimed);
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
