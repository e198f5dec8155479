using Course.Contracts.Archive;
using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Course.Grader.Sandbox;

/// <summary>
/// Runs one container to completion: create with the hardening of <see cref="HardenedContainer"/>,
/// attach, start, stream the job in on stdin, read stdout and stderr with caps, kill at the
/// wall-clock limit, and always remove the container. Files cross as tar through the API, so a
/// remote engine works as well as a local one.
/// </summary>
public sealed class SandboxRunner(IDockerClient docker, IOptions<GraderOptions> options, SeccompProfile seccomp, ILogger<SandboxRunner> logger, TimeProvider clock)
{
    public const string OwnerLabel = "course.owner";
    public const string ExpiresLabel = "course.expires";
    /// <summary>The grader process that started a container: machine, process id and the process's start time.</summary>
    public const string ProcessLabel = "course.process";

    /// <summary>This process, as <see cref="ProcessLabel"/> names it; the start time tells a reused process id from the original.</summary>
    public static string ThisProcess { get; } = ProcessName(Environment.MachineName, Environment.ProcessId, StartTicks(Environment.ProcessId) ?? 0);

    /// <summary>Labels every container this runner starts, so a host (or a test) can tell its own containers from another's.</summary>
    public string Owner { get; } = Guid.NewGuid().ToString("n");

    long nextSweep;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var watch = Stopwatch.StartNew();
        await SweepExpiredAsync(force: false, cancellationToken);
        var image = await docker.Images.InspectImageAsync(request.Image, cancellationToken);
        var parameters = HardenedContainer.Build(request, seccomp.Json);
        parameters.Labels[OwnerLabel] = Owner;
        parameters.Labels[ProcessLabel] = ThisProcess;
        // Past this time the container can only be left over from a grader that was killed mid-run.
        parameters.Labels[ExpiresLabel] = clock.GetUtcNow().AddSeconds(request.Limits.TimeoutS + 120).ToUnixTimeSeconds()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        var created = await docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        var id = created.ID;
        try
        {
            using var stream = await docker.Containers.AttachContainerAsync(id, false,
                new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, cancellationToken);
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);

            var stdout = new OutputCap(limits.MaxStdoutBytes);
            var stderr = new OutputCap(limits.MaxStderrBytes);
            var reading = ReadAllAsync(stream, stdout, stderr);
            await WriteStdinAsync(stream, TarArchive.Pack(request.Files), cancellationToken);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(request.Limits.TimeoutS));
            var timedOut = false;
            try
            {
                await docker.Containers.WaitContainerAsync(id, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                await KillQuietlyAsync(id);
            }
            // The attach stream ends when the container does; don't wait forever on a wedged engine.
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
            var state = (await docker.Containers.InspectContainerAsync(id, CancellationToken.None)).State;
            return new SandboxResult(timedOut ? null : state.ExitCode, timedOut, state.OOMKilled,
                stdout.Result(), stderr.Result(), image.ID, watch.Elapsed);
        }
        finally
        {
            await RemoveQuietlyAsync(id);
        }
    }

    /// <summary>
    /// Removes sandbox containers, anyone's, whose expiry has passed: a grader killed mid-run (SIGKILL, a power cut)
    /// never reaches its <c>finally</c>, and its container would otherwise stay. Runs at most once a minute unless forced.
    /// </summary>
    public async Task<int> SweepExpiredAsync(bool force = true, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (!force && now < Interlocked.Read(ref nextSweep)) return 0;
        Interlocked.Exchange(ref nextSweep, now + 60);
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["course.sandbox=1"] = true } },
        }, cancellationToken);
        var removed = 0;
        foreach (var c in containers)
        {
            if (c.Labels is null || !c.Labels.TryGetValue(ExpiresLabel, out var expires) || !long.TryParse(expires, out var at) || at > now)
                continue;
            logger.LogWarning("removing sandbox container {Id} ({Label}), left over by a grader that stopped mid-run",
                c.ID[..Math.Min(12, c.ID.Length)], c.Labels.TryGetValue("course.label", out var label) ? label : "");
            await RemoveQuietlyAsync(c.ID);
            removed++;
        }
        return removed;
    }

    /// <summary>
    /// Removes sandbox containers that a grader process on this machine started and that outlived it (a worker killed
    /// with SIGKILL never reaches its <c>finally</c>). Runs when a worker starts, so a crashed worker's sandboxes go at
    /// once instead of at their expiry. Containers of live processes, and of other machines sharing the engine, stay.
    /// </summary>
    public async Task<int> ReapOrphansAsync(CancellationToken cancellationToken = default)
    {
        if (StartTicks(Environment.ProcessId) is null) return 0; // no procfs: a live process cannot be told from a dead one
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["course.sandbox=1"] = true } },
        }, cancellationToken);
        var reaped = 0;
        foreach (var c in containers)
        {
            if (c.Labels is null || !c.Labels.TryGetValue(ProcessLabel, out var started) || started == ThisProcess) continue;
            var parts = started.Split('/');
            if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid) || !long.TryParse(parts[2], out var ticks))
                continue;
            if (StartTicks(pid) == ticks) continue; // that process still runs
            logger.LogWarning("removing sandbox container {Id}, left by grader process {Pid} that is no longer running", c.ID[..Math.Min(12, c.ID.Length)], pid);
            await RemoveQuietlyAsync(c.ID);
            reaped++;
        }
        return reaped;
    }

    public static string ProcessName(string machine, int pid, long startTicks) => $"{machine}/{pid}/{startTicks}";

    /// <summary>
    /// When a process started, in clock ticks since boot (field 22 of <c>/proc/PID/stat</c>), or null when no process has
    /// that id. Read by hand from procfs: .NET's <c>Process.StartTime</c> adds a boot time it measures anew on each call,
    /// so two processes asking about a third get values a few microseconds apart.
    /// </summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces or ')': fields 3… follow the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && long.TryParse(fields[19], out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static async Task WriteStdinAsync(MultiplexedStream stream, byte[] archive, CancellationToken ct)
    {
        try
        {
            await stream.WriteAsync(archive, 0, archive.Length, ct);
            stream.CloseWrite();
        }
        catch (IOException)
        {
            // The container exited before reading its input: its result says why.
        }
    }

    static async Task ReadAllAsync(MultiplexedStream stream, OutputCap stdout, OutputCap stderr)
    {
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                if (read.EOF) return;
                (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Add(buffer.AsSpan(0, read.Count));
            }
        }
        catch (IOException)
        {
        }
    }

    async Task KillQuietlyAsync(string id)
    {
        try { await docker.Containers.KillContainerAsync(id, new ContainerKillParameters(), CancellationToken.None); }
        catch (DockerApiException e) { logger.LogDebug(e, "kill {Id}", id); }
    }

    async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "could not remove sandbox container {Id}", id);
        }
    }

    /// <summary>Keeps the first bytes of a stream and counts the rest.</summary>
    sealed class OutputCap(long cap)
    {
        readonly MemoryStream kept = new();
        long total;

        public void Add(ReadOnlySpan<byte> chunk)
        {
            total += chunk.Length;
            var room = (int)Math.Max(0, Math.Min(chunk.Length, cap - kept.Length));
            if (room > 0) kept.Write(chunk[..room]);
        }

        public CapturedOutput Result() => new(kept.ToArray(), total);
    }
}
