using Course.Grader.Data;
using Course.Grader.Queue;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Tests.Queue;

/// <summary>The wait a queued student is told, from recent grades and live workers, with a clock the tests move.</summary>
public sealed class WaitEstimateTests : IDisposable
{
    readonly QueueDatabase data = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WaitEstimator Estimator()
    {
        var db = data.NewContext();
        return new WaitEstimator(db, data.NewQueue(), new WorkerRegistry(db, data.Clock));
    }

    [Fact]
    public async Task With_recent_grades_and_live_workers_the_wait_is_the_rounds_ahead_times_the_median_grade()
    {
        await GradedAsync("a01-attention", 30, 35, 40, 34, 36, 300); // one slow outlier: the median ignores it
        await BeatAsync("box-a", 2);
        await BeatAsync("box-b", 1);
        var mine = await QueueBehindAsync(6);

        var wait = await Estimator().EstimateAsync(mine, "a01-attention", Ct);

        Assert.Equal(new QueueWait(7, TimeSpan.FromSeconds(35.5), 3), wait);
        Assert.Equal(TimeSpan.FromSeconds(35.5 * 3), wait.Wait);
        Assert.Equal("about 2 minutes (position 7; about 36 s per grade recently, 3 workers)", wait.ToString());
    }

    [Fact]
    public async Task Without_any_finished_grade_only_the_position_is_given()
    {
        await BeatAsync("box-a", 3);
        var mine = await QueueBehindAsync(6);

        var wait = await Estimator().EstimateAsync(mine, "a01-attention", Ct);

        Assert.Null(wait.PerGrade);
        Assert.Equal("position 7", wait.ToString());
    }

    [Fact]
    public async Task When_every_worker_stopped_answering_the_student_is_told_no_grader_runs()
    {
        await GradedAsync("a01-attention", 20, 20, 20, 20, 20);
        await BeatAsync("box-a", 3);
        var mine = await QueueBehindAsync(0);
        data.Clock.Advance(2 * data.Settings.LeaseDuration + TimeSpan.FromSeconds(1));

        var wait = await Estimator().EstimateAsync(mine, "a01-attention", Ct);

        Assert.Null(wait.Wait);
        Assert.Equal("position 1; no grader is running right now", wait.ToString());
    }

    [Fact]
    public async Task An_assignment_with_few_grades_of_its_own_goes_by_every_assignments_grades()
    {
        await GradedAsync("a02-transformer", 60, 60, 60, 60, 60);
        await GradedAsync("a01-attention", 10);
        await BeatAsync("box-a", 1);
        var mine = await QueueBehindAsync(1);

        var wait = await Estimator().EstimateAsync(mine, "a01-attention", Ct);

        Assert.Equal(TimeSpan.FromSeconds(60), wait.PerGrade);
        Assert.Equal("about 2 minutes (position 2; about 60 s per grade recently, 1 worker)", wait.ToString());
    }

    [Theory]
    [InlineData(1, 20, 4, "less than a minute (position 1; about 20 s per grade recently, 4 workers)")]
    [InlineData(12, 300, 2, "about 30 minutes (position 12; about 5 min per grade recently, 2 workers)")]
    [InlineData(200, 120, 1, "about 6.7 hours (position 200; about 2 min per grade recently, 1 worker)")]
    public void The_estimate_reads_in_round_units(int position, int secondsPerGrade, int slots, string text) =>
        Assert.Equal(text, new QueueWait(position, TimeSpan.FromSeconds(secondsPerGrade), slots).ToString());

    /// <summary>Finished jobs of an assignment that each took the given seconds, one after another.</summary>
    async Task GradedAsync(string assignment, params int[] seconds)
    {
        foreach (var s in seconds)
        {
            var id = await data.QueueJobAsync("old", assignment: assignment);
            await using var db = data.NewContext();
            var started = data.Clock.GetUtcNow();
            data.Clock.Advance(TimeSpan.FromSeconds(s));
            var finished = data.Clock.GetUtcNow();
            await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(j => j.Status, JobStatus.Graded).SetProperty(j => j.StartedAt, started).SetProperty(j => j.FinishedAt, finished), Ct);
        }
    }

    /// <summary>Queues <paramref name="ahead"/> jobs of others, then the student's, and returns the student's.</summary>
    async Task<GradingJob> QueueBehindAsync(int ahead)
    {
        for (var i = 0; i < ahead; i++)
        {
            await data.QueueJobAsync($"other{i}");
            data.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return await data.JobAsync(await data.QueueJobAsync("ada"));
    }

    Task BeatAsync(string name, int slots) =>
        new WorkerRegistry(data.NewContext(), data.Clock).BeatAsync(new WorkerBeat(name, slots, [], [], data.Settings.LeaseDuration), Ct);

    public void Dispose() => data.Dispose();
}
