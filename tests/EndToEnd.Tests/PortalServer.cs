using System.Diagnostics;
using Course.Contracts.Manifest;
using Course.Tests.Shared;

namespace Course.EndToEnd.Tests;

/// <summary>
/// The portal as <c>./course up</c> runs it: its own process from src/Portal's build output, on a free loopback
/// port, over the repository's assignments, a fresh data folder (SQLite, goldens) and the real Docker sandbox.
/// </summary>
public sealed class PortalServer : IAsyncLifetime
{
    CourseProcess? process;
    readonly string data = Directory.CreateTempSubdirectory("course-e2e-").FullName;

    /// <summary>The portal's data folder (its SQLite database, goldens, uploads).</summary>
    public string DataPath => data;

    public static string RepoRoot { get; } = CourseRoot.OfBuildOutput();

    /// <summary>Screenshots and the portal's log land here, beside the TRX files.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(RepoRoot, "TestResults", "e2e")).FullName;

    public Uri BaseUrl { get; private set; } = null!;

    public const string Password = "e2e-password-123";
    public const string Student = "student@uni.example", Ta = "ta@uni.example", Instructor = "instructor@uni.example";

    public async ValueTask InitializeAsync()
    {
        var portalDir = Path.Combine(RepoRoot, "src", "Portal");
        var dll = CourseProcess.Program(RepoRoot, "Portal", "Portal.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the portal first (dotnet build Course.sln): {dll} is missing");

        // The people are set up as an instructor would, with ./course's CLI, on the store the portal then serves.
        await AddUserAsync(Student, "Student", "Sam Student");
        await AddUserAsync(Ta, "TA", "Tara Assistant");
        await AddUserAsync(Instructor, "Instructor", "Iris Instructor");

        BaseUrl = new Uri($"http://127.0.0.1:{CourseProcess.FreePort()}/");
        var log = Path.Combine(Artifacts, "portal.log");
        process = CourseProcess.Start(dll, portalDir,
            ["--urls", BaseUrl.ToString().TrimEnd('/'), $"--Grader:AssignmentsPath={Path.Combine(RepoRoot, "assignments")}", $"--Grader:DataPath={data}",
             // Every journey signs in from 127.0.0.1; the per-client limit is Portal.Tests' to check.
             "--Portal:SignInRateLimit:PermitLimit=1000"],
            log);
        await process.WaitForAsync(BaseUrl, TimeSpan.FromSeconds(60), log);
    }

    async Task AddUserAsync(string email, string role, string name)
    {
        var cli = CourseProcess.Program(RepoRoot, "Cli", "course-cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "user", "add", "--email", email, "--role", role, "--password", Password, "--name", name })
            start.ArgumentList.Add(a);
        start.Environment["COURSE_ROOT"] = RepoRoot;
        start.Environment["Grader__DataPath"] = data;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"course user add {email} failed ({process.ExitCode}): {output}");
    }

    public async ValueTask DisposeAsync()
    {
        // Stopped as Ctrl-C would, so a grading in flight hands its job back and removes its container.
        if (process is not null) await process.DisposeAsync();
        try { Directory.Delete(data, true); } catch (IOException) { }
    }
}
