using Course.Grader.Submissions;

namespace Course.Grader.Pipeline;

/// <summary>
/// The caps the harness enforces inside the sandbox. Defined here, once, and sent to it in job.json; the zip caps
/// are the host's own inspection limits, so both sides refuse the same uploads.
/// </summary>
public sealed record HarnessLimits(int ZipEntries, long ZipBytes, long ResultBytes, long LogBytes)
{
    public static readonly HarnessLimits Default = new(
        SubmissionInspector.MaxZipEntries, SubmissionInspector.MaxZipUnpackedBytes,
        ResultBytes: 48L * 1024 * 1024, LogBytes: 1024 * 1024);

    /// <summary>
    /// How long before the container's wall-clock limit the harness stops and reports, so the tests that timed out on
    /// their own are still named: a tenth of the limit, between 3 and 15 seconds.
    /// </summary>
    public static double RunDeadline(int timeoutS) => timeoutS - Math.Clamp(timeoutS * 0.1, 3, 15);
}
