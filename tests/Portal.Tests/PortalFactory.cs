using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Course.Portal.Tests;

/// <summary>The real portal over the repository's assignments, a fresh SQLite database and its in-process worker.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public string DataPath { get; } = Directory.CreateTempSubdirectory("portal-tests-").FullName;

    public static string RepoRoot { get; } = FindRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grader:AssignmentsPath", Path.Combine(RepoRoot, "assignments"));
        builder.UseSetting("Grader:DataPath", DataPath);
        builder.UseEnvironment("Production");
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new InvalidOperationException("Course.sln not found");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataPath, true); } catch (IOException) { }
    }
}
