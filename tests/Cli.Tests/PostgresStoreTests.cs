using Course.Tests.Shared;
using Npgsql;

namespace Course.Cli.Tests;

/// <summary>The whole store on PostgreSQL: both stores' migrations and Identity, through the CLI as an operator runs it.</summary>
public sealed class PostgresStoreTests(PostgresServer postgres) : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("course-pg-store-tests-").FullName;

    [Fact]
    public async Task Adding_a_user_on_a_PostgreSQL_store_migrates_both_stores_and_keeps_the_account()
    {
        var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Course"] = postgres.UrlOf(database) };

        var run = await CliRun.RunAsync(data, ["user", "add", "--email", "prof@uni.example", "--role", "Instructor", "--password", "a long passphrase"], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        async Task<long> Count(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }
        Assert.Equal(1, await Count("""SELECT count(*) FROM "AspNetUsers" WHERE "NormalizedEmail" = 'PROF@UNI.EXAMPLE'"""));
        Assert.True(await Count("""SELECT count(*) FROM "__GradingMigrations" """) > 0);
        Assert.False(File.Exists(Path.Combine(data, "course.db")), "a SQLite file was made beside the PostgreSQL store");
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
