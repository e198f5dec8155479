namespace Course.Grader.Sandbox;

/// <summary>What a container run left behind: how it ended, its capped output, and where it ran.</summary>
public sealed record SandboxResult(
    long? ExitCode,
    bool TimedOut,
    bool OomKilled,
    CapturedOutput Stdout,
    CapturedOutput Stderr,
    string ImageId,
    TimeSpan Elapsed)
{
    public string Describe() =>
        TimedOut ? $"killed after the wall-clock limit ({Elapsed.TotalSeconds:F1} s)"
        : OomKilled ? "killed: out of memory"
        : ExitCode == 0 ? "exited normally"
        : $"exited with code {ExitCode}";
}
