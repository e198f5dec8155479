namespace Course.Grader.Score;

/// <summary>What a TA reads when a submission misbehaves: the student's output and how the sandbox ended.</summary>
public sealed record SandboxLog(string Stdout, string Stderr, string HarnessLog, string Ending, long? ExitCode, bool TimedOut, bool OomKilled, long? MemoryPeakBytes = null);
