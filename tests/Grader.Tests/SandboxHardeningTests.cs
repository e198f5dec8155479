using Course.Contracts.Manifest;
using Course.Grader.Sandbox;

namespace Course.Grader.Tests;

/// <summary>The smoke test of the Docker engine: a container started with the sandbox's flags, its output read back.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class SandboxHardeningTests(GraderFixture grader)
{
    const string Probe = """
        import os, socket
        print("uid", os.getuid())
        print("net", sorted(os.listdir("/sys/class/net")))
        print("capeff", [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
        print("nonewprivs", [l.split()[1] for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0])
        try:
            open("/etc/owned", "w"); print("rootfs writable")
        except OSError: print("rootfs read-only")
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1); print("network reachable")
        except OSError: print("network closed")
        try:
            open("/work/big", "wb").write(b"x" * (80 * 1024 * 1024)); print("work dir unbounded")
        except OSError: print("work dir capped")
        """;

    [Fact]
    public async Task A_container_runs_as_a_non_root_user_without_network_capabilities_or_a_writable_root()
    {
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec { WorkMb = 64 }, [])
        { Command = ["python3", "-c", Probe] }, TestContext.Current.CancellationToken);

        var text = result.Stdout.Text;
        Assert.True(result.ExitCode == 0, result.Stderr.Text);
        Assert.Contains("uid 10001", text);
        Assert.Contains("net ['lo']", text);
        Assert.Contains("capeff 0000000000000000", text);
        Assert.Contains("nonewprivs 1", text);
        Assert.Contains("rootfs read-only", text);
        Assert.Contains("network closed", text);
        Assert.Contains("work dir capped", text);
    }

    /// <summary>Each call the project's seccomp profile takes away answers EPERM inside the sandbox; an ordinary one still works.</summary>
    [Fact]
    public async Task The_sandbox_refuses_io_uring_userfaultfd_keyctl_bpf_perf_events_and_ptrace()
    {
        const string probe = """
            import ctypes, os, platform
            libc = ctypes.CDLL(None, use_errno=True)
            numbers = {
                "x86_64": {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "userfaultfd": 323,
                           "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
                           "ptrace": 101, "process_vm_readv": 310, "kcmp": 312, "unshare": 272, "setns": 308, "getpid": 39},
                "aarch64": {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "userfaultfd": 282,
                            "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241,
                            "ptrace": 117, "process_vm_readv": 270, "kcmp": 272, "unshare": 97, "setns": 268, "getpid": 172},
            }[platform.machine()]
            for name, nr in numbers.items():
                ctypes.set_errno(0)
                rc = libc.syscall(nr, 0, 0, 0, 0, 0)
                print(name, rc, os.strerror(ctypes.get_errno()) if rc == -1 else "ok")
            """;
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec(), [])
        { Command = ["python3", "-c", probe] }, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Stderr.Text);
        var lines = result.Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(' ')[0]);
        foreach (var name in new[] { "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "keyctl", "add_key",
                     "request_key", "bpf", "perf_event_open", "ptrace", "process_vm_readv", "kcmp", "unshare", "setns" })
        {
            Assert.Contains(name, SeccompProfile.Denied);
            Assert.Equal($"{name} -1 Operation not permitted", lines[name]);
        }
        Assert.DoesNotContain("-1", lines["getpid"]);
    }

    [Fact]
    public void The_derived_profile_keeps_the_default_s_other_rules_and_refuses_a_base_that_allows_by_default()
    {
        const string defaults = """
            {"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
              {"names":["read","io_uring_setup","write"],"action":"SCMP_ACT_ALLOW"},
              {"names":["ptrace"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"4.8"}},
              {"names":["clone3"],"action":"SCMP_ACT_ERRNO","errnoRet":38}]}
            """;
        var derived = System.Text.Json.Nodes.JsonNode.Parse(SeccompProfile.Derive(defaults))!;
        Assert.Equal("""["read","write"]""", derived["syscalls"]![0]!["names"]!.ToJsonString());
        Assert.Equal("[]", derived["syscalls"]![1]!["names"]!.ToJsonString());
        Assert.Equal(38, derived["syscalls"]![2]!["errnoRet"]!.GetValue<int>());
        Assert.Throws<FormatException>(() => SeccompProfile.Derive("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[]}"""));
    }

    [Fact]
    public void The_derived_profile_allows_prlimit64_only_on_the_caller_itself()
    {
        const string defaults = """{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","prlimit64"],"action":"SCMP_ACT_ALLOW"}]}""";
        var rules = System.Text.Json.Nodes.JsonNode.Parse(SeccompProfile.Derive(defaults))!["syscalls"]!.AsArray();

        Assert.Equal("""["read"]""", rules[0]!["names"]!.ToJsonString());
        var selfOnly = rules[^1]!;
        Assert.Equal("""["prlimit64"]""", selfOnly["names"]!.ToJsonString());
        Assert.Equal("SCMP_ACT_ALLOW", selfOnly["action"]!.GetValue<string>());
        Assert.Equal("""[{"index":0,"value":0,"valueTwo":0,"op":"SCMP_CMP_EQ"}]""", selfOnly["args"]!.ToJsonString());
    }

    [Fact]
    public async Task A_container_past_its_time_limit_is_killed_and_removed()
    {
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec { TimeoutS = 2 }, [])
        { Command = ["sleep", "60"], Label = "timeout-test" }, TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.Empty(await grader.ContainersLabelledAsync("course.label=timeout-test"));
    }

    [Fact]
    public async Task A_process_start_time_reads_the_same_from_the_process_itself_and_from_another()
    {
        // Were it to differ, a worker starting would take a live grader's sandboxes for orphans and remove them.
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("cut -d')' -f2- /proc/$$/stat | cut -d' ' -f21; sleep 2");
        using var child = System.Diagnostics.Process.Start(start)!;
        var itsOwn = long.Parse((await child.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken))!);

        Assert.Equal(itsOwn, SandboxRunner.StartTicks(child.Id));
        Assert.Equal(SandboxRunner.StartTicks(child.Id), SandboxRunner.StartTicks(child.Id));
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Null(SandboxRunner.StartTicks(child.Id));
    }

    [Fact]
    public async Task A_worker_starting_removes_the_sandboxes_of_grader_processes_that_died_and_keeps_those_of_live_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        // A process that has exited: its id names no process now (or a newer one, started later).
        using var exited = System.Diagnostics.Process.Start("true")!;
        await exited.WaitForExitAsync(ct);
        var pid1 = SandboxRunner.StartTicks(1)!.Value;
        var left = new Dictionary<string, string>
        {
            ["reap-test-dead"] = SandboxRunner.ProcessName(Environment.MachineName, exited.Id, DateTime.UtcNow.Ticks),
            ["reap-test-reused-pid"] = SandboxRunner.ProcessName(Environment.MachineName, Environment.ProcessId, 1),
            ["reap-test-live"] = SandboxRunner.ProcessName(Environment.MachineName, 1, pid1),
            ["reap-test-ours"] = SandboxRunner.ThisProcess,
            ["reap-test-other-machine"] = SandboxRunner.ProcessName("another-machine", exited.Id, 1),
        };
        var ids = new List<string>();
        foreach (var (label, process) in left)
        {
            var parameters = HardenedContainer.Build(new SandboxRequest("course/sandbox-python", new SandboxSpec(), []) { Command = ["sleep", "600"], Label = label });
            parameters.Labels[SandboxRunner.ProcessLabel] = process;
            ids.Add((await grader.Docker.Containers.CreateContainerAsync(parameters, ct)).ID);
        }
        try
        {
            Assert.True(await grader.Sandbox.ReapOrphansAsync(ct) >= 2);

            Assert.Empty(await grader.ContainersLabelledAsync("course.label=reap-test-dead"));
            Assert.Empty(await grader.ContainersLabelledAsync("course.label=reap-test-reused-pid"));
            Assert.Single(await grader.ContainersLabelledAsync("course.label=reap-test-live"));
            Assert.Single(await grader.ContainersLabelledAsync("course.label=reap-test-ours"));
            Assert.Single(await grader.ContainersLabelledAsync("course.label=reap-test-other-machine"));
        }
        finally
        {
            foreach (var id in ids)
                try { await grader.Docker.Containers.RemoveContainerAsync(id, new() { Force = true }, ct); }
                catch (Docker.DotNet.DockerContainerNotFoundException) { }
        }
    }

    [Fact]
    public async Task A_container_left_by_a_grader_killed_mid_run_is_removed_once_expired_and_a_live_one_is_not()
    {
        // What a SIGKILLed grader leaves: a created container with the runner's labels and no one to remove it.
        async Task<string> Leave(string label, DateTimeOffset expires)
        {
            var parameters = HardenedContainer.Build(new SandboxRequest("course/sandbox-python", new SandboxSpec(), [])
            { Command = ["sleep", "600"], Label = label });
            parameters.Labels[SandboxRunner.ExpiresLabel] = expires.ToUnixTimeSeconds().ToString();
            return (await grader.Docker.Containers.CreateContainerAsync(parameters, TestContext.Current.CancellationToken)).ID;
        }
        var expired = await Leave("sweep-test-expired", DateTimeOffset.UtcNow.AddMinutes(-1));
        var live = await Leave("sweep-test-live", DateTimeOffset.UtcNow.AddMinutes(10));
        try
        {
            Assert.True(await grader.Sandbox.SweepExpiredAsync(cancellationToken: TestContext.Current.CancellationToken) >= 1);

            Assert.Empty(await grader.ContainersLabelledAsync("course.label=sweep-test-expired"));
            Assert.Equal(live, Assert.Single(await grader.ContainersLabelledAsync("course.label=sweep-test-live")).ID);
        }
        finally
        {
            foreach (var id in new[] { expired, live })
                try { await grader.Docker.Containers.RemoveContainerAsync(id, new() { Force = true }, TestContext.Current.CancellationToken); }
                catch (Docker.DotNet.DockerContainerNotFoundException) { } // the sweep already removed it
        }
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_cut_and_counted()
    {
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec(), [])
        { Command = ["python3", "-c", "import sys; sys.stderr.write('e' * 3_000_000)"] }, TestContext.Current.CancellationToken);

        Assert.True(result.Stderr.Truncated);
        Assert.Equal(3_000_000, result.Stderr.TotalBytes);
        Assert.Equal(1024 * 1024, result.Stderr.Bytes.Length);
        Assert.Contains("[output cut: kept the first 1,048,576 of 3,000,000 bytes]", result.Stderr.Text);
    }
}

public sealed class ContainerSpecTests
{
    static readonly SandboxSpec Limits = new() { Cpus = 1.5, MemoryMb = 512, Pids = 32, WorkMb = 16 };

    [Fact]
    public void The_sandbox_is_hardened_by_default()
    {
        var p = HardenedContainer.Build(new SandboxRequest("img", Limits, []));
        Assert.Equal("none", p.HostConfig.NetworkMode);
        Assert.True(p.NetworkDisabled);
        Assert.True(p.HostConfig.ReadonlyRootfs);
        Assert.Equal(["ALL"], p.HostConfig.CapDrop);
        Assert.Contains("no-new-privileges", p.HostConfig.SecurityOpt);
        Assert.Equal(32, p.HostConfig.PidsLimit);
        Assert.Equal(512L * 1024 * 1024, p.HostConfig.Memory);
        Assert.Equal(p.HostConfig.Memory, p.HostConfig.MemorySwap);
        Assert.Equal(1_500_000_000, p.HostConfig.NanoCPUs);
        Assert.Equal("10001:10001", p.User);
        Assert.Contains("size=16m", p.HostConfig.Tmpfs["/work"]);
        // Every writable place caps its bytes and its inodes; /dev/shm is one of them, not the engine's 64 MB default.
        Assert.Equal(["/dev/shm", "/tmp", "/work"], p.HostConfig.Tmpfs.Keys.Order());
        Assert.All(p.HostConfig.Tmpfs.Values, options => Assert.Matches(@"size=\d+m,nr_inodes=\d+", options));
        Assert.Null(p.HostConfig.DeviceRequests);
    }
}
