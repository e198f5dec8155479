using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Course.Gradebook.Accounts;
using Course.Grader.Data;
using Course.Grader.Queue;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>
/// Fairness at a deadline, in the real portal without workers (jobs stay queued): the grader's default cap of three
/// waiting submissions per student, the wait a queued student is told, and the workers the staff see.
/// </summary>
public sealed class QueueFairnessTests(CappedQueuePortalFactory portal) : IClassFixture<CappedQueuePortalFactory>, IAsyncLifetime
{
    const string A01 = "a01-attention";

    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fourth_waiting_submission_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var client = await TokenClientAsync(PortalFactory.Ada);
        for (var i = 1; i <= 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/submissions", Form(Source(i)), Ct)).StatusCode);

        var refused = await client.PostAsync("/api/submissions", Form(Source(4)), Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("You have 3 submissions waiting to be graded; wait for one to finish before submitting again.",
            await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(3, await CountAsync(PortalFactory.Ada));
        Assert.False(File.Exists(StoredPath(Source(4))), "the refused upload's bytes were stored");

        // Once one is graded, there is room again.
        await FinishOneAsync(PortalFactory.Ada);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/submissions", Form(Source(5)), Ct)).StatusCode);
        Assert.Equal(4, await CountAsync(PortalFactory.Ada));
    }

    [Fact]
    public async Task Eight_uploads_at_the_same_moment_fill_the_three_places_and_no_more()
    {
        const string cy = "cy@uni.example";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(cy, CourseRoles.Student, PortalFactory.Password);
        var client = await TokenClientAsync(cy);

        var answers = await Task.WhenAll(Enumerable.Range(10, 8).Select(n => client.PostAsync("/api/submissions", Form(Source(n)), Ct)));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, await CountAsync(cy));
    }

    [Fact]
    public async Task A_queued_student_is_told_the_wait_from_recent_grades_and_live_workers()
    {
        var id = await SubmitAsync(PortalFactory.Bea, 1);
        var page = await (await portal.SignedInAsync(PortalFactory.Bea)).GetStringAsync($"/submissions/{id}", Ct);
        Assert.Matches(@"Queued: <span id=""wait"">position \d+</span>", page);

        await AddHistoryAsync(TimeSpan.FromSeconds(30), 5);
        await BeatAsync("grader-a", slots: 2, gpus: [], busy: []);
        page = await (await portal.SignedInAsync(PortalFactory.Bea)).GetStringAsync($"/submissions/{id}", Ct);

        var wait = page[page.IndexOf("Queued:", StringComparison.Ordinal)..];
        Assert.Matches(@"^Queued: <span id=""wait"">(about \d+ minutes?|less than a minute) \(position \d+; about 30 s per grade recently, \d+ workers?\)</span>", wait);
    }

    [Fact]
    public async Task The_queue_page_lists_each_worker_with_its_GPUs_and_whether_it_answers()
    {
        await BeatAsync("gpu-box/77/abc123", slots: 2, gpus: ["0", "1"], busy: ["1"]);

        var page = await (await portal.SignedInAsync(PortalFactory.Tom)).GetStringAsync("/queue", Ct);

        var row = page[page.IndexOf("data-worker=\"gpu-box/77/abc123\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("data-alive=\"true\"", row);
        Assert.Contains("GPU 0: free", row);
        Assert.Contains("GPU 1: busy", row);
    }

    static byte[] Source(int n) =>
        Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(PortalFactory.RepoRoot, "assignments", A01, "starter", "attention.py")) + $"\n# try {n}\n");

    string StoredPath(byte[] content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        return Path.Combine(portal.DataPath, "submissions", hash[..2], hash);
    }

    static MultipartFormDataContent Form(byte[] source) => new()
    {
        { new StringContent(A01), "assignment" },
        { new ByteArrayContent(source), "file", "attention.py" },
    };

    async Task<HttpClient> TokenClientAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CourseUser>>();
        var token = (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync((await users.FindByEmailAsync(email))!.Id, "fairness", Ct)).Token;
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task<long> SubmitAsync(string student, int n)
    {
        using var scope = portal.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<Course.Grader.Submissions.SubmissionStore>()
            .SubmitAsync(A01, student, new Course.Grader.Submissions.SubmissionUpload("attention.py", Source(n)), Ct)).Id;
    }

    async Task<int> CountAsync(string student)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GradingDbContext>().Submissions.CountAsync(s => s.Student == student, Ct);
    }

    async Task FinishOneAsync(string student)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var id = await db.Jobs.Where(j => j.Submission.Student == student && j.Status == JobStatus.Queued).MinAsync(j => j.Id, Ct);
        await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Graded), Ct);
    }

    /// <summary>Graded jobs of another student, each of which took <paramref name="took"/>.</summary>
    async Task AddHistoryAsync(TimeSpan took, int count)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
            db.Submissions.Add(new Submission
            {
                AssignmentId = A01, Student = "history@uni.example", FileName = "attention.py", ContentHash = new string('0', 64), SubmittedAt = now,
                Job = new GradingJob { Status = JobStatus.Graded, QueuedAt = now - took, StartedAt = now - took, FinishedAt = now },
            });
        await db.SaveChangesAsync(Ct);
    }

    async Task BeatAsync(string name, int slots, string[] gpus, string[] busy)
    {
        using var scope = portal.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WorkerRegistry>().BeatAsync(new WorkerBeat(name, slots, gpus, busy, TimeSpan.FromMinutes(2)), Ct);
    }
}
