using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Course.Contracts.Archive;
using Course.Grader.Sandbox;

namespace Course.Bench;

/// <summary>
/// The baseline: the same sandbox start the grader makes (same image, same job tar on stdin, same harness, same tests),
/// as a bare <c>docker run --rm -i --network none</c> from the shell: no hardening flags, no goldens, no compare, no store.
/// </summary>
public static class BareDocker
{
    public static async Task<TimeSpan> RunAsync(SandboxRequest request)
    {
        var archive = TarArchive.Pack(request.Files);
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "run", "--rm", "-i", "--network", "none", request.Image }) start.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(archive);
        process.StandardInput.Close();
        await Task.WhenAll(reading, errors);
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        // A baseline that did not do the work would flatter the grader: the run must end with the harness's framed result.
        var header = Encoding.ASCII.GetBytes(ResultHeader(request));
        if (process.ExitCode != 0 || output.ToArray().AsSpan().IndexOf(header) < 0)
            throw new InvalidOperationException($"the bare docker run did not grade (exit {process.ExitCode}): {(await errors)[..Math.Min(2000, (await errors).Length)]}");
        return elapsed;
    }

    static string ResultHeader(SandboxRequest request)
    {
        var job = request.Files.Single(f => f.Path == "job.json");
        using var json = JsonDocument.Parse(job.Content);
        return json.RootElement.GetProperty("result_header").GetString()!;
    }
}
