namespace Course.Portal.Submissions;

/// <summary>What staff read after asking for a re-grade of one submission.</summary>
public static class RegradeNotice
{
    public static string For(bool queued) =>
        queued ? "Queued again; the current grade stays until the new one arrives." : "It is already waiting or running.";
}
