using System.CommandLine;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// <c>migrations add NAME</c>: scaffolds an EF Core migration into src/Grader/Data/Migrations. The
/// registry copy here has no dotnet-ef tool, so this calls EF Core's own design-time scaffolder.
/// </summary>
public static class MigrationsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name");
        var add = new Command("add", "scaffold a migration from the current model") { name };
        add.SetAction(parse =>
        {
            using var context = new DesignTimeFactory().CreateDbContext([]);
            var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(context);
            // SQLite's design-time services are public only as an "internal" type; dotnet-ef uses the same one.
#pragma warning disable EF1001
            new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
            using var provider = services.BuildServiceProvider();
            var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
            var migration = scaffolder.ScaffoldMigration(parse.GetValue(name)!, "Course.Grader", "Data.Migrations", "C#");
            var project = Path.Combine(CourseRoot.FindAbove(Directory.GetCurrentDirectory()) ?? throw new InvalidOperationException("run this inside the repository"), "src", "Grader");
            var files = scaffolder.Save(project, migration, Path.Combine(project, "Data", "Migrations"));
            Console.WriteLine($"wrote {files.MigrationFile}");
            return 0;
        });
        return new Command("migrations", "database migrations (for developers)") { add };
    }
}
