using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Course.Grader.Data;

/// <summary>Model conventions every store context applies.</summary>
public static class StoreConventions
{
    /// <summary>
    /// SQLite cannot order or compare DateTimeOffset: store UTC ticks there. PostgreSQL's <c>timestamptz</c> takes only
    /// UTC offsets from Npgsql: convert on the way in (the instant is the same; it reads back as UTC).
    /// </summary>
    public static void Apply(ModelBuilder model, DatabaseFacade database)
    {
        ValueConverter? converter = database.IsSqlite() ? new DateTimeOffsetToBinaryConverter()
            : database.IsNpgsql() ? new ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v)
            : null;
        if (converter is null) return;
        foreach (var entity in model.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
                property.SetValueConverter(converter);
    }
}
