using Course.Grader.Data;
using Npgsql;

namespace Course.Grader.Tests;

/// <summary>Which database a connection setting names, and postgres:// URLs read as Npgsql's connection strings.</summary>
public sealed class StoreSettingsTests
{
    [Theory]
    [InlineData("Data Source=/srv/course/data/course.db", StoreProvider.Sqlite)]
    [InlineData("Host=db.uni.example;Database=course;Username=course", StoreProvider.Postgres)]
    [InlineData("Server=db.uni.example;Database=course", StoreProvider.Postgres)]
    [InlineData("postgres://course@db.uni.example/course", StoreProvider.Postgres)]
    [InlineData("postgresql://course@db.uni.example/course", StoreProvider.Postgres)]
    public void The_connection_setting_names_the_provider(string setting, StoreProvider expected) =>
        Assert.Equal(expected, StoreSettings.Parse(setting).Provider);

    [Fact]
    public void A_postgres_url_becomes_a_connection_string_with_every_part_unescaped()
    {
        var settings = StoreSettings.Parse("postgres://grader:p%40ss%3Aword@db.uni.example:6543/course%5Fterm?sslmode=require&Timeout=30");

        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(("db.uni.example", 6543, "course_term", "grader", "p@ss:word"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(30, builder.Timeout);
    }

    [Fact]
    public void A_postgres_url_without_a_port_uses_5432()
    {
        var builder = new NpgsqlConnectionStringBuilder(StoreSettings.Parse("postgres://course@127.0.0.1/course").ConnectionString);

        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void A_url_option_Npgsql_does_not_know_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => StoreSettings.Parse("postgres://course@127.0.0.1/course?colour=blue"));

        Assert.Contains("colour", e.Message);
    }

    [Fact]
    public void A_postgres_store_keeps_a_small_pool_without_resets_and_prepares_its_statements_unless_told_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder(StoreSettings.Parse("Host=db.uni.example;Database=course").ConnectionString);
        Assert.True(plain.NoResetOnClose);
        Assert.True(plain.MaxAutoPrepare > 0);
        Assert.Equal(StoreSettings.MaxPoolSize, plain.MaxPoolSize);

        var told = new NpgsqlConnectionStringBuilder(StoreSettings.Parse("postgres://course@db.uni.example/course?No%20Reset%20On%20Close=false&MaxAutoPrepare=0&Maximum%20Pool%20Size=50").ConnectionString);
        Assert.False(told.NoResetOnClose);
        Assert.Equal(0, told.MaxAutoPrepare);
        Assert.Equal(50, told.MaxPoolSize);
    }
}
