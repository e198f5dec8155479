using Docker.DotNet.Models;

namespace Course.Grader.Sandbox;

/// <summary>
/// Turns a request into the container Docker creates: the sandbox's hardening lives here, in one
/// place, so a test can read exactly what would be sent to the engine.
/// </summary>
public static class HardenedContainer
{
    public const string StudentUser = "10001:10001";
    public const string WorkDir = "/work";
    /// <summary>Files and folders the work dir may hold: a zip's 500 entries, the job's inputs and outputs, and room to spare.</summary>
    public const int WorkInodes = 16384;
    /// <summary>Files and folders each of /tmp and /dev/shm may hold (temporary files, multiprocessing's semaphores).</summary>
    public const int ScratchInodes = 4096;

    /// <param name="seccompProfile">The system-call filter's JSON (see <see cref="SeccompProfile"/>); null keeps the engine's default.</param>
    public static CreateContainerParameters Build(SandboxRequest request, string? seccompProfile = null)
    {
        var limits = request.Limits;
        var memory = (long)limits.MemoryMb * 1024 * 1024;
        var host = new HostConfig
        {
            NetworkMode = "none",
            ReadonlyRootfs = true,
            CapDrop = ["ALL"],
            SecurityOpt = seccompProfile is null ? ["no-new-privileges"] : ["no-new-privileges", $"seccomp={seccompProfile}"],
            PidsLimit = limits.Pids,
            Memory = memory,
            MemorySwap = memory, // no swap: the memory limit is the limit
            NanoCPUs = (long)(limits.Cpus * 1e9),
            IpcMode = "private",
            // The only writable places: a size-capped work dir, /tmp and /dev/shm (in place of the engine's 64 MB one), all
            // gone with the container. Each caps its inodes too: a million empty files cost no bytes of the size cap but
            // a kernel inode each.
            Tmpfs = new Dictionary<string, string>
            {
                [WorkDir] = $"rw,nosuid,nodev,size={limits.WorkMb}m,nr_inodes={WorkInodes},uid=10001,gid=10001,mode=0700",
                ["/tmp"] = $"rw,nosuid,nodev,noexec,size=16m,nr_inodes={ScratchInodes},mode=1777",
                ["/dev/shm"] = $"rw,nosuid,nodev,noexec,size=16m,nr_inodes={ScratchInodes},mode=1777",
            },
            Ulimits = [new Ulimit { Name = "core", Soft = 0, Hard = 0 }],
            // Exactly the leased device (Count stays 0: with DeviceIDs set, Count = -1 would mean every GPU).
            DeviceRequests = request.GpuDevice is { } gpu
                ? [new DeviceRequest { Driver = "nvidia", DeviceIDs = [gpu], Capabilities = [["gpu"]] }]
                : null,
        };
        return new CreateContainerParameters
        {
            Image = request.Image,
            User = StudentUser,
            WorkingDir = WorkDir,
            Entrypoint = request.Command?.ToList(),
            Cmd = request.Command is null ? null : [],
            NetworkDisabled = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            OpenStdin = true,
            StdinOnce = true,
            Tty = false,
            // The harness runs `python3 -I`, which ignores PYTHON* variables: they reach only interpreters
            // a submission starts itself. The harness sets its own (runner.py: -u, imports from source only).
            // COURSE_DEVICE tells the harness and the student's code where to put tensors: the one GPU the container
            // sees is its cuda:0, whatever the host calls it.
            Env = ["PYTHONUNBUFFERED=1", "OMP_NUM_THREADS=1", "HOME=/work", $"COURSE_DEVICE={(request.GpuDevice is null ? "cpu" : "cuda:0")}"],
            Labels = new Dictionary<string, string> { ["course.sandbox"] = "1", ["course.label"] = request.Label },
            HostConfig = host,
        };
    }
}
