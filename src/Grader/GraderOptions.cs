namespace Course.Grader;

/// <summary>Settings of the grader, bound from the "Grader" configuration section.</summary>
public sealed class GraderOptions
{
    public const string Section = "Grader";

    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";
    /// <summary>The course content: one folder per assignment.</summary>
    public string AssignmentsPath { get; set; } = "assignments";
    /// <summary>Where submissions, goldens and the database live (git ignores it).</summary>
    public string DataPath { get; set; } = "data";
    public string ReferenceImage { get; set; } = "course/reference";
    /// <summary>GPUs this worker may hand to sandboxes; 0 means it claims no GPU-only job.</summary>
    public int Gpus { get; set; }
    /// <summary>Grader workers hosted in this process.</summary>
    public int Workers { get; set; } = 1;
    public string WorkerName { get; set; } = Environment.MachineName;
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
    public long MaxStdoutBytes { get; set; } = 64L * 1024 * 1024;
    public long MaxStderrBytes { get; set; } = 1024 * 1024;
}
