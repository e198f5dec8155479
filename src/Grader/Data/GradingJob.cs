using Course.Contracts.Manifest;

namespace Course.Grader.Data;

/// <summary>One submission's turn in the queue. A worker holds it by a lease it renews; an expired lease means the worker died.</summary>
public sealed class GradingJob
{
    public long Id { get; set; }
    public long SubmissionId { get; set; }
    public Submission Submission { get; set; } = null!;
    public JobStatus Status { get; set; }
    /// <summary>The assignment's GPU need when the job was queued: a required one is claimed only by a worker with a free GPU.</summary>
    public GpuMode Gpu { get; set; }
    public string? Worker { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    /// <summary>
    /// How many of its student's jobs were open (queued or running) when this one joined the queue. Workers claim in
    /// order of (rank, arrival), so at a deadline a student's second job waits behind every other student's first.
    /// </summary>
    public int Rank { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Message { get; set; }
}
