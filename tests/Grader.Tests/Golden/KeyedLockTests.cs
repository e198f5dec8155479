using Course.Grader.Golden;

namespace Course.Grader.Tests.Golden;

/// <summary>The goldens' lock: one per key, so one assignment's reference run never holds up another's.</summary>
public sealed class KeyedLockTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Different_keys_are_held_at_the_same_time()
    {
        var locks = new KeyedLock();
        using var a01 = await locks.AcquireAsync("a01-attention-abc-1", Ct);

        var a02 = locks.AcquireAsync("a02-transformer-def-1", Ct);

        Assert.True(a02.IsCompletedSuccessfully);
        (await a02).Dispose();
    }

    [Fact]
    public async Task The_same_key_waits_for_its_holder_and_then_gets_in()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("a01-attention-abc-1", Ct);

        var second = locks.AcquireAsync("a01-attention-abc-1", Ct);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task Releasing_twice_lets_only_one_waiter_in()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("k", Ct);
        var second = locks.AcquireAsync("k", Ct);
        var third = locks.AcquireAsync("k", Ct);

        first.Dispose();
        first.Dispose();

        var held = await second;
        Assert.False(third.IsCompleted);
        held.Dispose();
        (await third).Dispose();
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_take_the_lock()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("k", Ct);
        using var cancel = new CancellationTokenSource();
        var impatient = locks.AcquireAsync("k", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        first.Dispose();
        using var next = await locks.AcquireAsync("k", Ct);
    }
}
