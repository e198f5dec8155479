using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Course.Portal.Tests;

/// <summary>The real portal over the repository's assignments, a fresh SQLite database and its in-process worker.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public string DataPath { get; } = Directory.CreateTempSubdirectory("portal-tests-").FullName;

    public static string RepoRoot { get; } = Course.Grader.Manifest.CourseRoot.OfBuildOutput();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grader:AssignmentsPath", Path.Combine(RepoRoot, "assignments"));
        builder.UseSetting("Grader:DataPath", DataPath);
        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataPath, true); } catch (IOException) { }
    }
}
