using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Course.Grader.Data;

/// <summary>Model conventions every store context applies.</summary>
public static class StoreConventions
{
    /// <summary>SQLite cannot order or compare DateTimeOffset: store UTC ticks there.</summary>
    public static void Apply(ModelBuilder model, DatabaseFacade database)
    {
        if (!database.IsSqlite()) return;
        foreach (var entity in model.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
                property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
    }
}
