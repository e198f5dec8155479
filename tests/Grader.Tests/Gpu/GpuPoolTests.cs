using Course.Grader.Gpu;

namespace Course.Grader.Tests.Gpu;

public sealed class GpuPoolTests
{
    [Fact]
    public void Configured_ids_are_read_from_a_comma_separated_list()
    {
        Assert.Equal(["0", "1", "GPU-3f2a"], GpuPool.Parse(" 0, 1,,GPU-3f2a "));
        Assert.Empty(GpuPool.Parse(""));
        Assert.Empty(GpuPool.Parse(null));
    }

    [Fact]
    public void Each_GPU_takes_one_job_by_default_and_is_free_again_when_given_back()
    {
        var pool = new GpuPool(["0", "1"]);

        var a = pool.TryLease();
        var b = pool.TryLease();

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotEqual(a.Device, b.Device);
        Assert.Null(pool.TryLease());
        Assert.Equal(["0", "1"], pool.Busy);

        b.Dispose();
        b.Dispose(); // a second return must not free a device someone else holds
        Assert.Equal([a.Device], pool.Busy);
        var c = pool.TryLease();
        Assert.Equal(b.Device, c?.Device);
        Assert.Null(pool.TryLease());
    }

    [Fact]
    public void With_two_jobs_per_GPU_the_least_used_device_is_leased_first()
    {
        var pool = new GpuPool(["0", "1"], jobsPerGpu: 2);

        var devices = Enumerable.Range(0, 4).Select(_ => pool.TryLease()?.Device).ToList();

        Assert.Equal(["0", "1", "0", "1"], devices);
        Assert.Null(pool.TryLease());
    }

    [Fact]
    public void A_worker_without_GPUs_never_leases_one()
    {
        var pool = new GpuPool([]);
        Assert.Null(pool.TryLease());
        Assert.Empty(pool.Devices);
    }
}
