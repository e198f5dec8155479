using Course.Grader.Data;
using Course.Grader.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>A submission through the portal's store, queue and in-process worker, with real Docker and SQLite.</summary>
[Trait("Category", "Docker")]
public sealed class GradingQueueTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_stored_submission_is_graded_by_the_in_process_worker_and_its_result_persisted()
    {
        _ = portal.Server; // starts the host, its migrations and its worker
        var ct = TestContext.Current.CancellationToken;
        var solution = File.ReadAllBytes(Path.Combine(PortalFactory.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"));
        long id;
        using (var scope = portal.Services.CreateScope())
            id = (await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
                .SubmitAsync("a01-attention", "ada", new SubmissionUpload("attention.py", solution), ct)).Id;

        GradeResult? result = null;
        for (var i = 0; i < 240 && result is null; i++)
        {
            await Task.Delay(500, ct);
            using var scope = portal.Services.CreateScope();
            result = await scope.ServiceProvider.GetRequiredService<GradingDbContext>().Results
                .Include(r => r.Tests).SingleOrDefaultAsync(r => r.SubmissionId == id, ct);
        }

        Assert.NotNull(result);
        Assert.Equal(100, result.Score);
        Assert.Equal(10, result.Tests.Count);
        Assert.Contains("TorchSharp", result.ProvenanceJson);
        using var check = portal.Services.CreateScope();
        var job = await check.ServiceProvider.GetRequiredService<GradingDbContext>().Jobs.SingleAsync(j => j.SubmissionId == id, ct);
        Assert.Equal(JobStatus.Graded, job.Status);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task A_wrong_file_type_is_refused_before_anything_is_stored()
    {
        using var scope = portal.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<SubmissionStore>();
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() =>
            store.SubmitAsync("a01-attention", "ada", new SubmissionUpload("essay.docx", [1, 2, 3]), TestContext.Current.CancellationToken));
        Assert.Contains("not a Python file", e.Message);
        Assert.Empty(scope.ServiceProvider.GetRequiredService<GradingDbContext>().Submissions.Where(s => s.FileName == "essay.docx"));
    }
}
