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
/// <c>migrations add NAME --store grading|course [--provider sqlite|postgres]</c>: scaffolds an EF Core migration of one
/// store for one provider into its project (src/Grader/Data/Migrations or PostgresMigrations, and the same under
/// src/Gradebook/Data). The registry copy here has no dotnet-ef tool, so this calls EF Core's own design-time scaffolder.
/// </summary>
public static class MigrationsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name");
        var store = new Option<string>("--store") { Description = "grading (submissions, queue, results) or course (accounts, gradebook)", Required = true };
        store.AcceptOnlyFromAmong("grading", "course");
        var provider = new Option<string>("--provider") { Description = "sqlite (the default) or postgres", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        var add = new Command("add", "scaffold a migration from the current model") { name, store, provider };
        add.SetAction(parse =>
        {
            var root = CourseRoot.FindAbove(Directory.GetCurrentDirectory()) ?? throw new InvalidOperationException("run this inside the repository");
            // Scaffolding reads the model and the last snapshot only; it never connects.
            var settings = parse.GetValue(provider) == "postgres"
                ? new StoreSettings(StoreProvider.Postgres, "Host=localhost;Database=design")
                : new StoreSettings(StoreProvider.Sqlite, "Data Source=design.db");
            using var connection = settings.OpenConnection();
            using DbContext context = parse.GetValue(store) == "grading"
                ? new GradingDbContext(Options<GradingDbContext>(settings, connection, GradingDbContext.HistoryTable))
                : new CourseDbContext(Options<CourseDbContext>(settings, connection, CourseDbContext.HistoryTable));
            var (project, rootNamespace) = context is GradingDbContext ? ("Grader", "Course.Grader") : ("Gradebook", "Course.Gradebook");
            var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(context);
            // The providers' design-time services are public only as "internal" types; dotnet-ef uses the same ones.
#pragma warning disable EF1001
            if (settings.Provider == StoreProvider.Postgres)
                new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
            else
                new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
            using var design = services.BuildServiceProvider();
            var scaffolder = design.GetRequiredService<IMigrationsScaffolder>();
            var folder = ProviderMigrationsAssembly.FolderOf(settings.Provider);
            var migration = scaffolder.ScaffoldMigration(parse.GetValue(name)!, rootNamespace, $"Data.{folder}", "C#");
            // Written by hand: EF Core's Save puts the snapshot beside any file of the same name, and both providers' snapshots share one.
            var output = Directory.CreateDirectory(Path.Combine(root, "src", project, "Data", folder)).FullName;
            File.WriteAllText(Path.Combine(output, migration.MigrationId + migration.FileExtension), migration.MigrationCode);
            File.WriteAllText(Path.Combine(output, migration.MigrationId + ".Designer" + migration.FileExtension), migration.MetadataCode);
            File.WriteAllText(Path.Combine(output, migration.SnapshotName + migration.FileExtension), migration.SnapshotCode);
            Console.WriteLine($"wrote {Path.Combine(output, migration.MigrationId + migration.FileExtension)}");
            return 0;
        });
        return new Command("migrations", "database migrations (for developers)") { add };
    }

    static DbContextOptions<T> Options<T>(StoreSettings settings, System.Data.Common.DbConnection connection, string history) where T : DbContext =>
        (DbContextOptions<T>)settings.Apply(new DbContextOptionsBuilder<T>(), connection, history).Options;
}
