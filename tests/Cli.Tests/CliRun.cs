using System.Diagnostics;
using Course.Contracts.Manifest;

namespace Course.Cli.Tests;

/// <summary>What one run of <c>course-cli</c> printed and how it exited.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static string RepoRoot { get; } = CourseRoot.OfBuildOutput();

    /// <summary>
    /// Runs the CLI built next to the tests, as <c>./course</c> does, against the repository's assignments and
    /// <paramref name="dataPath"/>; <paramref name="environment"/> adds settings (e.g. <c>Grader__DockerEndpoint</c>).
    /// </summary>
    public static async Task<CliRun> RunAsync(string dataPath, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "course-cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COURSE_ROOT"] = RepoRoot;
        start.Environment["Grader__DataPath"] = dataPath;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
