using System.Diagnostics;
using Npgsql;

namespace Course.Tests.Shared;

/// <summary>
/// A private PostgreSQL server for a test assembly: Debian's binaries (<c>apt-get install postgresql</c>, which the set-up
/// does), a fresh data folder under /tmp, a free port on 127.0.0.1 and a socket folder of its own, so it never meets the
/// machine's own cluster. Stopped and deleted on dispose. PostgreSQL refuses to run as root: as root it runs as the
/// <c>postgres</c> user Debian's package creates.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string Superuser = "course";
    readonly string root = Path.Combine(Path.GetTempPath(), $"course-pg-{Guid.NewGuid():N}"[..24]);
    int databases;

    string DataFolder => Path.Combine(root, "data");
    string SocketFolder => Path.Combine(root, "socket");
    string LogFile => Path.Combine(root, "server.log");

    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var bin = FindBinaries();
        Directory.CreateDirectory(root);
        if (Environment.UserName == "root") await RunAsync("chown", [OsUser, root]);
        await RunAsOwnerAsync(Path.Combine(bin, "initdb"), ["-D", DataFolder, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
        await RunAsOwnerAsync("mkdir", ["-p", SocketFolder]);
        Port = CourseProcess.FreePort();
        // Durability is not under test: without fsync the server keeps up with 2 shared cores.
        var settings = $"-p {Port} -k {SocketFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsOwnerAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataFolder, "-l", LogFile, "-o", settings, "-w", "-t", "60", "start"]);
    }

    /// <summary>A new, empty database on this server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>The same database as a <c>postgres://</c> URL, as <c>./course worker --db</c> takes it.</summary>
    public string UrlOf(string connectionString) =>
        $"postgres://{Superuser}@127.0.0.1:{Port}/{new NpgsqlConnectionStringBuilder(connectionString).Database}";

    string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Pooling = true, MaxPoolSize = 50,
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
                await RunAsOwnerAsync(Path.Combine(FindBinaries(), "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static string OsUser => Environment.UserName == "root" ? "postgres" : Environment.UserName;

    /// <summary>The newest installed server's binaries.</summary>
    static string FindBinaries() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL's server is not installed (apt-get install postgresql; ./course test does it)");

    static Task RunAsOwnerAsync(string program, string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", OsUser, "--", program, .. args]) : RunAsync(program, args);

    static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
    }
}
