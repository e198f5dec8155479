using System.CommandLine;
using Course.Contracts.Manifest;
using Course.Gradebook.Data;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// <c>migrations add NAME --store grading|course</c>: scaffolds an EF Core migration of one store into its project
/// (src/Grader/Data/Migrations or src/Gradebook/Data/Migrations). The registry copy here has no dotnet-ef tool, so
/// this calls EF Core's own design-time scaffolder.
/// </summary>
public static class MigrationsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name");
        var store = new Option<string>("--store") { Description = "grading (submissions, queue, results) or course (accounts, gradebook)", Required = true };
        store.AcceptOnlyFromAmong("grading", "course");
        var add = new Command("add", "scaffold a migration from the current model") { name, store };
        add.SetAction(parse =>
        {
            var root = CourseRoot.FindAbove(Directory.GetCurrentDirectory()) ?? throw new InvalidOperationException("run this inside the repository");
            var settings = new StoreSettings(StoreProvider.Sqlite, "Data Source=design.db");
            using var connection = settings.OpenConnection();
            using DbContext context = parse.GetValue(store) == "grading"
                ? new GradingDbContext(Options<GradingDbContext>(settings, connection, GradingDbContext.HistoryTable))
                : new CourseDbContext(Options<CourseDbContext>(settings, connection, CourseDbContext.HistoryTable));
            var (project, rootNamespace) = context is GradingDbContext ? ("Grader", "Course.Grader") : ("Gradebook", "Course.Gradebook");
            var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(context);
            // SQLite's design-time services are public only as an "internal" type; dotnet-ef uses the same one.
#pragma warning disable EF1001
            new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
            using var provider = services.BuildServiceProvider();
            var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
            var migration = scaffolder.ScaffoldMigration(parse.GetValue(name)!, rootNamespace, "Data.Migrations", "C#");
            var folder = Path.Combine(root, "src", project);
            var files = scaffolder.Save(folder, migration, Path.Combine(folder, "Data", "Migrations"));
            Console.WriteLine($"wrote {files.MigrationFile}");
            return 0;
        });
        return new Command("migrations", "database migrations (for developers)") { add };
    }

    static DbContextOptions<T> Options<T>(StoreSettings settings, System.Data.Common.DbConnection connection, string history) where T : DbContext =>
        (DbContextOptions<T>)settings.Apply(new DbContextOptionsBuilder<T>(), connection, history).Options;
}
