using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Grader.Queue;

/// <summary>
/// Tells listening portals that a job changed (<c>NOTIFY course_jobs</c>, carrying the job's id). Inside a transaction
/// PostgreSQL delivers it at the commit, so a page never reads before the change is there. Nothing on SQLite.
/// </summary>
public static class JobChangeNotice
{
    public static async Task SendAsync(GradingDbContext db, long jobId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({JobChanges.Channel}, {jobId.ToString()})", ct);
    }
}
