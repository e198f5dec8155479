using Course.Grader;
using Course.Contracts.Manifest;

namespace Course.Cli;

/// <summary>The exceptions that mean the grader itself failed (exit 3), not the submission or the caller.</summary>
public static class GraderFailure
{
    public static bool Is(Exception e) =>
        e is GradingInfrastructureException or ManifestException or Docker.DotNet.DockerApiException or HttpRequestException;

    public static int Report(Exception e)
    {
        Console.Error.WriteLine($"grader failure: {TerminalText.Escape(e.Message.Split('\n')[0])}");
        return 3;
    }
}
