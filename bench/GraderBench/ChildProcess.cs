using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Course.Bench;

/// <summary>A child process of the course's own build (the portal, or a standalone worker), its output kept in a log file.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    readonly Process process;

    ChildProcess(Process process) => this.process = process;

    public static ChildProcess Start(string dll, string workingDirectory, IEnumerable<string> args, string log, IDictionary<string, string>? environment = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"build it first (./course bench builds everything): {dll}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    public bool HasExited => process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15); // SIGTERM, as Ctrl-C: a grading in flight hands its job back
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await process.WaitForExitAsync(patience.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(); }
        }
        process.Dispose();
    }
}
