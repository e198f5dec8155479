using Course.Gradebook.Reads;
using Course.Grader.Data;
using Course.Portal.Submissions;

namespace Course.Portal.Tests;

/// <summary>What the re-grade notice says once the new grade (or none) arrives.</summary>
public sealed class RegradeNoticeTests
{
    static SubmissionDetail After(JobStatus status, double? score, string? message = null) => new(
        new Submission { Id = 1, AssignmentId = "a01-attention", Student = "ada@uni.example", FileName = "attention.py", ContentHash = "x" },
        new GradingJob { SubmissionId = 1, Status = status, Message = message },
        score is { } s ? new GradeResult { Score = s, MaxScore = 100, Summary = "", LogJson = "{}", ProvenanceJson = "null" } : null,
        null, DateTimeOffset.MaxValue);

    [Fact]
    public void A_changed_grade_reads_from_old_to_new() =>
        Assert.Equal("Re-graded: 50 → 70 / 100", RegradeNotice.Arrived(50, After(JobStatus.Graded, 70)));

    [Fact]
    public void An_unchanged_grade_says_so() =>
        Assert.Equal("Re-graded, unchanged: 70 / 100", RegradeNotice.Arrived(70, After(JobStatus.Graded, 70.001)));

    [Fact]
    public void A_first_grade_has_nothing_to_compare_with() =>
        Assert.Equal("Re-graded: 70 / 100", RegradeNotice.Arrived(null, After(JobStatus.Graded, 70)));

    [Fact]
    public void A_re_grade_that_fails_keeps_the_old_grade_and_says_why() =>
        Assert.Equal("Re-grade ended failed (docker went away); the grade stays 50 / 100.",
            RegradeNotice.Arrived(50, After(JobStatus.Failed, 50, "docker went away")));

    [Fact]
    public void While_it_runs_the_notice_names_the_grade_that_stays() =>
        Assert.Contains("current grade (50 / 100) stays", RegradeNotice.Queued(After(JobStatus.Graded, 50).Result));
}
