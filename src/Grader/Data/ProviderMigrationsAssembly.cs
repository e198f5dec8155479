using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Course.Grader.Data;

/// <summary>
/// Each store has one migration set per provider in its own assembly: SQLite's in <c>Data/Migrations</c>, PostgreSQL's in
/// <c>Data/PostgresMigrations</c>, both marked for the same context. EF Core's own lookup would take both sets; this one
/// takes the namespace of the provider in use.
/// </summary>
public sealed class ProviderMigrationsAssembly(ICurrentDbContext current, IDatabaseProvider provider) : IMigrationsAssembly
{
    readonly Type context = current.Context.GetType();
    Dictionary<string, TypeInfo>? migrations;
    (ModelSnapshot? Snapshot, bool Read) snapshot;

    /// <summary>The namespace, below the context's, where a provider's migrations live.</summary>
    public static string FolderOf(StoreProvider store) => store == StoreProvider.Postgres ? "PostgresMigrations" : "Migrations";

    string Namespace => $"{context.Namespace}.{FolderOf(provider.Name.Contains("Npgsql", StringComparison.Ordinal) ? StoreProvider.Postgres : StoreProvider.Sqlite)}";

    public Assembly Assembly => context.Assembly;

    IEnumerable<TypeInfo> Mine => Assembly.DefinedTypes.Where(t => t.Namespace == Namespace && !t.IsAbstract
        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == context);

    public IReadOnlyDictionary<string, TypeInfo> Migrations => migrations ??= Mine
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<MigrationAttribute>() is not null)
        .OrderBy(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, StringComparer.Ordinal)
        .ToDictionary(t => t.GetCustomAttribute<MigrationAttribute>()!.Id);

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!snapshot.Read)
                snapshot = (Mine.Where(t => t.IsSubclassOf(typeof(ModelSnapshot))).Select(t => (ModelSnapshot)Activator.CreateInstance(t)!).FirstOrDefault(), true);
            return snapshot.Snapshot;
        }
    }

    /// <summary>By id (<c>20261204_Name</c>) or by name, as EF Core's tools accept either.</summary>
    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase))
        ?? Migrations.Keys.FirstOrDefault(id => id.Length > 15 && string.Equals(id[15..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}
