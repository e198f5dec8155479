namespace Course.Contracts.Manifest;

/// <summary>What the student's code may use while it runs.</summary>
public sealed class SandboxSpec
{
    public string Image { get; set; } = "course/sandbox-python";
    public GpuMode Gpu { get; set; } = GpuMode.None;
    public double Cpus { get; set; } = 1;
    public int MemoryMb { get; set; } = 1024;
    public int Pids { get; set; } = 64;
    /// <summary>Size of the writable work directory (a tmpfs).</summary>
    public int WorkMb { get; set; } = 64;
    /// <summary>Wall-clock limit of the whole container, after which it is killed.</summary>
    public int TimeoutS { get; set; } = 120;
    /// <summary>Budget of one test's call inside the harness.</summary>
    public int TestTimeoutS { get; set; } = 20;
    /// <summary>
    /// Budget of importing the submission, apart from the tests': <c>import torch</c> takes seconds on an idle core and
    /// far more on a loaded host, which is not the student's doing.
    /// </summary>
    public int ImportTimeoutS { get; set; } = 60;
}
