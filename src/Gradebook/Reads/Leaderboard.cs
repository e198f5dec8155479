using Course.Contracts.Manifest;

namespace Course.Gradebook.Reads;

/// <summary>
/// A project's leaderboard as one viewer sees it: which part of the test set ranks (public while open, private once
/// every student's due date has passed) and each student's best macro-F1 on it.
/// </summary>
public sealed record Leaderboard(string AssignmentId, string Test, TestPart Part, DateTimeOffset PrivateFrom, IReadOnlyList<Leaderboard.Row> Rows)
{
    /// <param name="Name">The student's leaderboard name, or null when they have not chosen to show one.</param>
    public sealed record Row(int Rank, string? Name, double MacroF1, int Submissions, bool IsViewer);
}
