using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Data;
using Course.Grader.Evaluation;
using Course.Grader.Queue;
using Course.Grader.Submissions;
using Course.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Course.Grader.Tests.Queue;

/// <summary>The per-student cap on open jobs, as uploads arrive together at a deadline.</summary>
public sealed class QueueCapTests(PostgresServer postgres)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly AssignmentCatalog Catalog = new(Path.Combine(GraderFixture.RepoRoot, "assignments"));

    [Theory, MemberData(nameof(QueueDatabase.Providers), MemberType = typeof(QueueDatabase))]
    public async Task Uploads_sent_at_once_past_the_cap_keep_exactly_the_caps_worth_and_nothing_of_the_rest(StoreProvider provider)
    {
        await using var data = await QueueDatabase.CreateAsync(provider, postgres);
        var options = Options.Create(new GraderOptions { MaxQueuedPerStudent = 3, DataPath = Directory.CreateTempSubdirectory("cap-tests-").FullName });
        var projects = new ProjectEvaluator(new ProjectData(options));
        // Ten uploads from one student at once, each on a connection of its own (opened beforehand, so none starts late) as
        // ten requests would be; each file differs.
        var contexts = Enumerable.Range(0, 10).Select(_ => data.NewContext()).ToList();
        foreach (var context in contexts) await context.Database.OpenConnectionAsync(Ct);
        var outcomes = await Task.WhenAll(contexts.Select(async (context, i) =>
        {
            await Task.Yield();
            var store = new SubmissionStore(context, Catalog, options, data.Clock, projects);
            var upload = new SubmissionUpload("attention.py", Encoding.UTF8.GetBytes($"# attempt {i}\nimport torch\n"));
            try
            {
                return (Submission: await store.SubmitAsync("a01-attention", "ada@uni.example", upload, Ct), Refused: (QueueLimitException?)null);
            }
            catch (QueueLimitException e)
            {
                return (Submission: (Submission?)null, Refused: e);
            }
        }));

        var accepted = outcomes.Where(o => o.Submission is not null).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.Equal(7, outcomes.Count(o => o.Refused is not null));
        // Each accepted job counted the ones before it: fair ranks 0, 1, 2, none shared.
        Assert.Equal([0, 1, 2], accepted.Select(o => o.Submission!.Job!.Rank).Order());
        await using var db = data.NewContext();
        Assert.Equal(3, await db.Submissions.CountAsync(Ct));
        Assert.Equal(3, await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued, Ct));
        // A refused upload keeps no bytes either: its file row went back with its transaction.
        Assert.Equal(accepted.Select(o => o.Submission!.ContentHash).Order(), await db.Files.Select(f => f.ContentHash).OrderBy(h => h).ToListAsync(Ct));
    }
}
