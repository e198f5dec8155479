using Npgsql;

namespace Course.Grader.Data;

/// <summary>
/// <c>postgres://user:password@host:port/database?option=value</c> as Npgsql's connection string: the URL form libpq,
/// Heroku-style settings and <c>./course worker --db</c> use, which Npgsql itself does not read.
/// </summary>
public static class PostgresUrl
{
    public static bool TryConvert(string text, out string connectionString)
    {
        connectionString = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("postgres" or "postgresql")) return false;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : null,
        };
        if (url.UserInfo is { Length: > 0 } info)
        {
            var colon = info.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(info[(colon + 1)..]);
        }
        // Query options pass through under Npgsql's own names (host=/path/to/socket-dir for a unix socket, sslmode=…).
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) continue;
            var key = Uri.UnescapeDataString(pair[..equals]);
            try
            {
                builder[key] = Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"the database URL's option '{key}' is not one Npgsql takes, or its value is wrong: {e.Message}", e);
            }
        }
        connectionString = builder.ConnectionString;
        return true;
    }
}
