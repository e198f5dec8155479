using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Course.Tests.Shared;

/// <summary>
/// A process of the course's own build (the portal, a standalone worker) started by a test or the benchmark: its output
/// kept in a log file, stopped as Ctrl-C would (SIGTERM, so a grading in flight hands its job back and removes its
/// sandbox) and killed only when it does not stop.
/// </summary>
public sealed class CourseProcess : IAsyncDisposable
{
    readonly Process process;

    CourseProcess(Process process) => this.process = process;

    public static CourseProcess Start(string dll, string workingDirectory, IEnumerable<string> args, string log, IDictionary<string, string>? environment = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"build it first (dotnet build Course.sln): {dll} is missing");
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
        return new CourseProcess(process);
    }

    /// <summary>
    /// The build configuration of the assembly this file is compiled into (each test project and the benchmark link it),
    /// so the course programs it starts are of the same build: Debug under <c>./course test</c>, Release under <c>./course bench</c>.
    /// </summary>
    public static string Configuration { get; } =
        typeof(CourseProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("the assembly names no build configuration");

    /// <summary>A course program of that build: <paramref name="project"/>'s <paramref name="dll"/> under <c>src</c> of <paramref name="root"/>.</summary>
    public static string Program(string root, string project, string dll) => Path.Combine(root, "src", project, "bin", Configuration, "net10.0", dll);

    /// <summary>The CPU time the process has used so far (user and system, all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }
    }

    /// <summary>A loopback port no one listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200 OK; throws if the process exits or the time runs out.</summary>
    public async Task WaitForAsync(Uri url, TimeSpan limit, string log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < limit;)
        {
            if (process.HasExited) throw new InvalidOperationException($"the process exited with {process.ExitCode}; see {log}");
            try
            {
                if ((await http.GetAsync(url)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"nothing answered on {url} within {limit.TotalSeconds:0} s; see {log}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 15); // SIGTERM
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await process.WaitForExitAsync(patience.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }
}
