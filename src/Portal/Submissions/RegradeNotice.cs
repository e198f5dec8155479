using Course.Gradebook.Reads;
using Course.Grader.Data;

namespace Course.Portal.Submissions;

/// <summary>What staff read after asking for a re-grade of one submission: while it runs, then what changed.</summary>
public static class RegradeNotice
{
    public const string AlreadyWaiting = "It is already waiting or running; it was not queued again.";

    public static string Queued(GradeResult? current) => current is null
        ? "Re-grading… queued again."
        : $"Re-grading… the current grade ({Points(current.Score)} / {Points(current.MaxScore)}) stays until the new one arrives.";

    /// <summary>Once the re-grade has finished: the score before and after, or why there is no new one.</summary>
    /// <param name="before">The score when the re-grade was asked for; null when the submission had none.</param>
    public static string Arrived(double? before, SubmissionDetail after) => after.Job.Status switch
    {
        JobStatus.Graded when after.Result is { } r && before is { } b && Same(b, r.Score) => $"Re-graded, unchanged: {Points(r.Score)} / {Points(r.MaxScore)}",
        JobStatus.Graded when after.Result is { } r && before is { } b => $"Re-graded: {Points(b)} → {Points(r.Score)} / {Points(r.MaxScore)}",
        JobStatus.Graded when after.Result is { } r => $"Re-graded: {Points(r.Score)} / {Points(r.MaxScore)}",
        var status => $"Re-grade ended {status.ToString().ToLowerInvariant()}{(after.Job.Message is { Length: > 0 } m ? $" ({m})" : "")}; "
                      + (after.Result is { } kept ? $"the grade stays {Points(kept.Score)} / {Points(kept.MaxScore)}." : "there is no grade."),
    };

    // Scores are shown to two decimals; a change below that would read "70 → 70".
    static bool Same(double a, double b) => Points(a) == Points(b);

    static string Points(double score) => score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
