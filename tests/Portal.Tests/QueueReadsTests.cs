using Course.Gradebook.Reads;
using Course.Grader.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>The queue page's read over the real SQLite store: each job's place among its student's attempts, and its score.</summary>
public sealed class QueueReadsTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_job_knows_which_attempt_of_its_student_it_is_and_finished_ones_their_score()
    {
        _ = portal.Server;
        var at = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
        List<Submission> made = [];
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
            Submission Add(string student, string assignment, JobStatus status, double? score, int tries)
            {
                var s = new Submission
                {
                    AssignmentId = assignment, Student = student, FileName = "attention.py", ContentHash = "h", SubmittedAt = at,
                    Job = new GradingJob { Status = status, QueuedAt = at, Attempts = tries },
                    Result = score is { } p ? new GradeResult { Score = p, MaxScore = 100, Summary = "", LogJson = "{}", ProvenanceJson = "null", GradedAt = at } : null,
                };
                db.Submissions.Add(s);
                made.Add(s);
                return s;
            }
            Add("queue-ada@uni.example", "a01-attention", JobStatus.Graded, 40, 1);
            Add("queue-bea@uni.example", "a01-attention", JobStatus.Graded, 90, 1);
            Add("queue-ada@uni.example", "a02-transformer", JobStatus.Graded, 10, 1);
            Add("queue-ada@uni.example", "a01-attention", JobStatus.Graded, 70, 2);
            Add("queue-ada@uni.example", "a01-attention", JobStatus.Queued, 55, 0); // a re-grade waiting, its old score kept
            await db.SaveChangesAsync(Ct);
        }

        QueueSnapshot snapshot;
        using (var scope = portal.Services.CreateScope())
            snapshot = await scope.ServiceProvider.GetRequiredService<QueueReads>().SnapshotAsync(Ct);

        QueueRow Row(Submission s) => snapshot.Finished.Concat(snapshot.Waiting).Single(r => r.Job.SubmissionId == s.Id);
        Assert.Equal((1, 40.0), (Row(made[0]).StudentAttempt, Row(made[0]).Score!.Value));
        Assert.Equal(1, Row(made[1]).StudentAttempt); // another student's count starts on its own
        Assert.Equal(1, Row(made[2]).StudentAttempt); // and so does another assignment's
        Assert.Equal((2, 70.0, 2), (Row(made[3]).StudentAttempt, Row(made[3]).Score!.Value, Row(made[3]).Job.Attempts));
        Assert.Equal(3, Row(made[4]).StudentAttempt);
        Assert.Equal(made[4].Id, Assert.Single(snapshot.Waiting, r => made.Any(m => m.Id == r.Job.SubmissionId)).Job.SubmissionId);
        Assert.Equal("queue-ada@uni.example", Row(made[4]).Job.Submission.Student);
        Assert.Equal(3, snapshot.MaxTries);
    }

    [Fact]
    public async Task Waiting_jobs_are_listed_in_the_order_workers_will_claim_them()
    {
        _ = portal.Server;
        var at = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        var students = new[] { "fair-ada@uni.example", "fair-ada@uni.example", "fair-bea@uni.example", "fair-cid@uni.example" };
        var ranks = new[] { 0, 1, 0, 0 };
        List<long> ids = [];
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
            var made = students.Select((student, i) => new Submission
            {
                AssignmentId = "a01-attention", Student = student, FileName = "attention.py", ContentHash = "h", SubmittedAt = at.AddSeconds(i),
                Job = new GradingJob { Status = JobStatus.Queued, QueuedAt = at.AddSeconds(i), Rank = ranks[i] },
            }).ToList();
            db.Submissions.AddRange(made);
            await db.SaveChangesAsync(Ct);
            ids = made.Select(s => s.Id).ToList();
        }

        QueueSnapshot snapshot;
        using (var scope = portal.Services.CreateScope())
            snapshot = await scope.ServiceProvider.GetRequiredService<QueueReads>().SnapshotAsync(Ct);

        // Ada's second came before Bea's and Cid's firsts, and waits behind them.
        Assert.Equal(new[] { ids[0], ids[2], ids[3], ids[1] }, snapshot.Waiting.Select(r => r.Job.SubmissionId).Where(ids.Contains));
    }
}
