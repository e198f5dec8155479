using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Tests.Shared;

/// <summary>A grading context of its own on a store, configured as the grader configures its own (provider, history table, SQLite's pragmas).</summary>
public static class GradingStore
{
    public static GradingDbContext Open(StoreSettings store) =>
        new((DbContextOptions<GradingDbContext>)store.Apply(new DbContextOptionsBuilder<GradingDbContext>(), GradingDbContext.HistoryTable).Options);
}
