namespace Course.Grader;

/// <summary>Settings of the grader, bound from the "Grader" configuration section.</summary>
public sealed class GraderOptions
{
    public const string Section = "Grader";

    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";
    /// <summary>The course content: one folder per assignment.</summary>
    public string AssignmentsPath { get; set; } = "assignments";
    /// <summary>
    /// What only the grader may read, such as a project's test labels: outside the assignments folder, so no starter,
    /// download, statement or sandbox image ever holds it. Empty: the folder <c>trusted</c> beside the assignments.
    /// </summary>
    public string TrustedPath { get; set; } = "";
    /// <summary>Where submissions, goldens and the database live (git ignores it).</summary>
    public string DataPath { get; set; } = "data";
    public string ReferenceImage { get; set; } = "course/reference";
    /// <summary>The engine's default seccomp profile, from which the sandbox's stricter one is derived (see SeccompProfile).</summary>
    public string SeccompBaseProfile { get; set; } = "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json";
    /// <summary>
    /// The GPUs this worker may hand to sandboxes, as the device ids Docker knows them by, comma-separated ("0,1", or
    /// "GPU-…" UUIDs). Empty: no GPU, and the worker claims no job whose assignment requires one.
    /// </summary>
    public string Gpus { get; set; } = "";
    /// <summary>Sandboxes that may share one GPU at a time.</summary>
    public int JobsPerGpu { get; set; } = 1;
    /// <summary>Submissions one student may have waiting or running at once; more are refused until one finishes.</summary>
    public int MaxQueuedPerStudent { get; set; } = 3;
    /// <summary>Grader workers hosted in this process.</summary>
    public int Workers { get; set; } = 1;
    public string WorkerName { get; set; } = Environment.MachineName;
    /// <summary>How long a claimed job stays a worker's without a renewal; a lease that runs out means the worker died.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Tries of a job that fails through the grader's fault (or whose worker dies), before it is marked failed for TAs.</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Run hidden and after-due tests in a sandbox start of their own, without the visible tests (see TestGroups).</summary>
    public bool SeparateHiddenTests { get; set; } = true;
    /// <summary>Tell a failing submission which known mistake (mutant) its outputs match (see MistakeMatcher).</summary>
    public bool MistakeHints { get; set; } = true;
    /// <summary>The wait before the first retry of a job the grader failed; it doubles with each attempt.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Memory for goldens kept parsed between grades (see GoldenStore); the least recently used go first.</summary>
    public int GoldenCacheMb { get; set; } = 256;
    public long MaxStdoutBytes { get; set; } = 64L * 1024 * 1024;
    public long MaxStderrBytes { get; set; } = 1024 * 1024;
}
