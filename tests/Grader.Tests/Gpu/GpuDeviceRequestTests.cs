using Course.Contracts.Manifest;
using Course.Grader.Gpu;
using Course.Grader.Sandbox;

namespace Course.Grader.Tests.Gpu;

/// <summary>
/// What Docker is asked for, per manifest mode, when a worker has GPU "1" in its pool (this machine has no GPU: the
/// pool is bookkeeping, and the assertion is on the parameters sent to the engine).
/// </summary>
public sealed class GpuDeviceRequestTests
{
    static readonly SandboxSpec Limits = new();

    static SentToDocker Container(GpuMode mode, GpuLease? lease) =>
        new(HardenedContainer.Build(new SandboxRequest("img", Limits, []) { GpuDevice = GpuPlacement.DeviceFor(mode, lease, "a99-gpu") }));

    [Fact]
    public void A_required_GPU_is_the_one_leased_device_never_all_of_them()
    {
        var pool = new GpuPool(["1"]);
        using var lease = pool.TryLease();

        var c = Container(GpuMode.Required, lease);

        var request = Assert.Single(c.Parameters.HostConfig.DeviceRequests);
        Assert.Equal("nvidia", request.Driver);
        Assert.Equal(["1"], request.DeviceIDs);
        Assert.Equal(0, request.Count);
        Assert.Equal(["gpu"], Assert.Single(request.Capabilities));
        Assert.Equal("cuda:0", c.Device);
    }

    [Fact]
    public void An_optional_GPU_is_used_when_one_is_free()
    {
        var pool = new GpuPool(["1"]);
        using var lease = pool.TryLease();

        var c = Container(GpuMode.Optional, lease);

        Assert.Equal(["1"], Assert.Single(c.Parameters.HostConfig.DeviceRequests).DeviceIDs);
        Assert.Equal("cuda:0", c.Device);
    }

    [Fact]
    public void An_optional_GPU_falls_back_to_the_CPU_when_none_is_free()
    {
        var pool = new GpuPool(["1"]);
        using var busy = pool.TryLease();

        var c = Container(GpuMode.Optional, pool.TryLease());

        Assert.Null(c.Parameters.HostConfig.DeviceRequests);
        Assert.Equal("cpu", c.Device);
    }

    [Fact]
    public void An_assignment_without_a_GPU_never_gets_one_even_with_a_lease_in_hand()
    {
        using var lease = new GpuPool(["1"]).TryLease();

        var c = Container(GpuMode.None, lease);

        Assert.Null(c.Parameters.HostConfig.DeviceRequests);
        Assert.Equal("cpu", c.Device);
    }

    [Fact]
    public void A_required_GPU_without_a_lease_is_the_graders_failure_not_a_CPU_run()
    {
        var e = Assert.Throws<GradingInfrastructureException>(() => GpuPlacement.DeviceFor(GpuMode.Required, null, "a99-gpu"));
        Assert.Contains("a99-gpu needs a GPU", e.Message);
    }

    /// <summary>The parameters, and the device the sandbox's environment names (COURSE_DEVICE).</summary>
    sealed record SentToDocker(Docker.DotNet.Models.CreateContainerParameters Parameters)
    {
        public string Device => Assert.Single(Parameters.Env, e => e.StartsWith("COURSE_DEVICE=", StringComparison.Ordinal))["COURSE_DEVICE=".Length..];
    }
}
