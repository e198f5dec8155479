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
public sealed class SandboxRunner(IDockerClient docker, IOptions<GraderOptions> options, ILogger<SandboxRunner> logger)
{
    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var watch = Stopwatch.StartNew();
        var image = await docker.Images.InspectImageAsync(request.Image, cancellationToken);
        var created = await docker.Containers.CreateContainerAsync(HardenedContainer.Build(request), cancellationToken);
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
