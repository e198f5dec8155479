using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.EndToEnd.Tests;

/// <summary>
/// The running portal's grading store, opened beside it, for what a journey cannot make through the browser in
/// reasonable time: a history of many submissions, or a grade from before a fix of the tests.
/// </summary>
public static class PortalStore
{
    public static GradingDbContext Open(PortalServer portal) =>
        new(new DbContextOptionsBuilder<GradingDbContext>()
            .UseSqlite($"Data Source={Path.Combine(portal.DataPath, "course.db")};Default Timeout=30").Options);
}
