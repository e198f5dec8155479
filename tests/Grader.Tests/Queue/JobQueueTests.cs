using Course.Grader.Data;
using Course.Tests.Shared;

namespace Course.Grader.Tests.Queue;

/// <summary>The queue on a real SQLite file and a real PostgreSQL database, with a clock the tests move.</summary>
public sealed class JobQueueTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Jobs_are_claimed_oldest_first(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var first = await data.QueueJobAsync("ada");
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await data.QueueJobAsync("bea");
        var queue = data.NewQueue();

        var a = await queue.ClaimNextAsync("w1", Ct);
        var b = await queue.ClaimNextAsync("w1", Ct);

        Assert.Equal(first, a?.Id);
        Assert.Equal(second, b?.Id);
        Assert.Equal("ada", a?.Submission.Student);
        var claimed = await data.JobAsync(first);
        Assert.Equal(JobStatus.Running, claimed.Status);
        Assert.Equal("w1", claimed.Worker);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal(data.Clock.GetUtcNow() + data.Settings.LeaseDuration, claimed.LeaseUntil);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Nothing_is_claimed_from_an_empty_queue_or_while_the_only_job_is_leased(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var queue = data.NewQueue();
        Assert.Null(await queue.ClaimNextAsync("w1", Ct));

        await data.QueueJobAsync();
        Assert.NotNull(await queue.ClaimNextAsync("w1", Ct));
        Assert.Null(await data.NewQueue().ClaimNextAsync("w2", Ct));
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_job_whose_lease_ran_out_is_claimed_by_another_worker_and_the_try_counts(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        await data.NewQueue().ClaimNextAsync("w1", Ct);
        data.LetLeasesRunOut();

        var job = await data.NewQueue().ClaimNextAsync("w2", Ct);

        Assert.Equal(id, job?.Id);
        Assert.Equal("w2", job?.Worker);
        Assert.Equal(2, job?.Attempts);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_job_whose_worker_died_goes_behind_the_jobs_queued_before_its_lease_ran_out(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var dead = await data.QueueJobAsync("ada");
        await data.NewQueue().ClaimNextAsync("w1", Ct);
        data.Clock.Advance(TimeSpan.FromSeconds(10));
        var later = await data.QueueJobAsync("bea");
        data.LetLeasesRunOut();
        var queue = data.NewQueue();

        Assert.Equal(later, (await queue.ClaimNextAsync("w2", Ct))?.Id);
        Assert.Equal(dead, (await queue.ClaimNextAsync("w2", Ct))?.Id);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Renewing_extends_the_lease_so_no_other_worker_can_claim_the_job(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        var queue = data.NewQueue();
        await queue.ClaimNextAsync("w1", Ct);
        data.Clock.Advance(data.Settings.LeaseDuration - TimeSpan.FromSeconds(10));
        var renewedAt = data.Clock.GetUtcNow();

        Assert.True(await queue.RenewAsync(id, "w1", Ct));
        data.Clock.Advance(TimeSpan.FromSeconds(20)); // past the first lease, within the renewed one
        Assert.Null(await data.NewQueue().ClaimNextAsync("w2", Ct));
        Assert.Equal(renewedAt + data.Settings.LeaseDuration, (await data.JobAsync(id)).LeaseUntil);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Renewing_fails_for_a_worker_that_lost_its_lease(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        await data.NewQueue().ClaimNextAsync("w1", Ct);
        data.LetLeasesRunOut();
        await data.NewQueue().ClaimNextAsync("w2", Ct);

        Assert.False(await data.NewQueue().RenewAsync(id, "w1", Ct));
        Assert.True(await data.NewQueue().RenewAsync(id, "w2", Ct));
        Assert.Equal("w2", (await data.JobAsync(id)).Worker);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_job_whose_worker_keeps_dying_is_marked_failed_once_its_attempts_are_spent(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        for (var attempt = 1; attempt <= data.Settings.MaxAttempts; attempt++)
        {
            Assert.Equal(id, (await data.NewQueue().ClaimNextAsync($"w{attempt}", Ct))?.Id);
            data.LetLeasesRunOut();
        }

        Assert.Null(await data.NewQueue().ClaimNextAsync("w-last", Ct));
        var job = await data.JobAsync(id);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(data.Settings.MaxAttempts, job.Attempts);
        Assert.Contains("stopped answering", job.Message);
        Assert.NotNull(job.FinishedAt);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_grader_failure_queues_the_job_again_behind_a_later_one_until_its_backoff_is_over(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var failing = await data.QueueJobAsync("ada");
        var queue = data.NewQueue();
        var job = (await queue.ClaimNextAsync("w1", Ct))!;
        Assert.Equal(JobStatus.Queued, await queue.RetryAsync(job, "w1", "no Docker engine answers", Ct));
        data.Clock.Advance(TimeSpan.FromSeconds(2));
        var later = await data.QueueJobAsync("bea");

        Assert.Equal(later, (await queue.ClaimNextAsync("w1", Ct))?.Id);
        Assert.Null(await queue.ClaimNextAsync("w1", Ct)); // the failed job is still backing off

        data.Clock.Advance(data.Settings.RetryBackoff);
        var retried = await queue.ClaimNextAsync("w1", Ct);
        Assert.Equal(failing, retried?.Id);
        Assert.Equal(2, retried?.Attempts);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Each_retry_waits_twice_as_long_as_the_one_before(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        var queue = data.NewQueue();
        var backoff = data.Settings.RetryBackoff;

        var firstFailure = data.Clock.GetUtcNow();
        await queue.RetryAsync((await queue.ClaimNextAsync("w1", Ct))!, "w1", "engine restarted", Ct);
        var first = await data.JobAsync(id);
        data.Clock.Advance(backoff);
        var secondFailure = data.Clock.GetUtcNow();
        await queue.RetryAsync((await queue.ClaimNextAsync("w1", Ct))!, "w1", "engine restarted", Ct);
        var second = await data.JobAsync(id);

        Assert.Equal(firstFailure + backoff, first.QueuedAt);
        Assert.Equal(secondFailure + 2 * backoff, second.QueuedAt);
        Assert.Equal(JobStatus.Queued, second.Status);
        Assert.Null(second.Worker);
        Assert.Null(second.LeaseUntil);
        Assert.Contains("attempt 2 of 3", second.Message);
        Assert.Contains("engine restarted", second.Message);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_grader_failure_on_the_last_attempt_marks_the_job_failed_with_the_reason_for_TAs(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var id = await data.QueueJobAsync();
        var queue = data.NewQueue();
        JobStatus? status = null;
        for (var attempt = 1; attempt <= data.Settings.MaxAttempts; attempt++)
        {
            var job = (await queue.ClaimNextAsync("w1", Ct))!;
            status = await queue.RetryAsync(job, "w1", "the reference wrote no calls.json", Ct);
            data.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(JobStatus.Failed, status);
        Assert.Null(await queue.ClaimNextAsync("w1", Ct));
        var failed = await data.JobAsync(id);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("the reference wrote no calls.json", failed.Message);
        Assert.NotNull(failed.FinishedAt);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_regrade_puts_a_finished_job_at_the_back_with_its_attempts_reset(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var graded = await data.QueueJobAsync("ada");
        var queue = data.NewQueue();
        var job = (await queue.ClaimNextAsync("w1", Ct))!;
        Assert.True(await data.NewWriter().WriteGradedAsync(job, "w1", SampleReport.Create(), Ct));
        data.Clock.Advance(TimeSpan.FromSeconds(5));
        var waiting = await data.QueueJobAsync("bea");
        data.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, await queue.RequeueAsync([job.SubmissionId, (await data.JobAsync(waiting)).SubmissionId], Ct));

        var requeued = await data.JobAsync(graded);
        Assert.Equal(JobStatus.Queued, requeued.Status);
        Assert.Equal(0, requeued.Attempts);
        Assert.Equal(data.Clock.GetUtcNow(), requeued.QueuedAt);
        Assert.Null(requeued.Worker);
        Assert.Null(requeued.Message);
        Assert.Equal(1, await data.ResultCountAsync(graded)); // the old grade stays until the new one replaces it
        Assert.Equal(waiting, (await queue.ClaimNextAsync("w1", Ct))?.Id);
        Assert.Equal(graded, (await queue.ClaimNextAsync("w1", Ct))?.Id);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task A_job_given_back_at_shutdown_keeps_its_place_and_the_try_does_not_count(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var first = await data.QueueJobAsync("ada");
        data.Clock.Advance(TimeSpan.FromSeconds(1));
        await data.QueueJobAsync("bea");
        var queue = data.NewQueue();
        var job = (await queue.ClaimNextAsync("w1", Ct))!;

        Assert.True(await queue.ReleaseAsync(job, "w1", Ct));

        var released = await data.JobAsync(first);
        Assert.Equal(JobStatus.Queued, released.Status);
        Assert.Equal(0, released.Attempts);
        Assert.Equal(first, (await queue.ClaimNextAsync("w2", Ct))?.Id);
    }

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Two_workers_racing_for_one_job_never_both_get_it(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        for (var round = 0; round < 20; round++)
        {
            var id = await data.QueueJobAsync($"student{round}");
            var one = data.NewQueue();
            var two = data.NewQueue();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claims = new[] { "w1", "w2" }.Zip([one, two], (worker, queue) => Task.Run(async () =>
            {
                await start.Task;
                return await queue.ClaimNextAsync(worker, Ct);
            }, Ct)).ToArray();
            start.SetResult();
            var won = (await Task.WhenAll(claims)).Where(j => j is not null).ToList();

            var winner = Assert.Single(won);
            Assert.Equal(id, winner!.Id);
            var job = await data.JobAsync(id);
            Assert.Equal(winner.Worker, job.Worker);
            Assert.Equal(1, job.Attempts);
        }
    }
}
