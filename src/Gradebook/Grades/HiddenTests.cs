using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>
/// What the student's page says about the tests it does not show: how many, and whether they open at the student's
/// due date or never. Only counts: whether they passed is in the score alone, never said test by test.
/// </summary>
public static class HiddenTests
{
    public static IReadOnlyList<string> Notes(IEnumerable<Visibility> visibilities, DateTimeOffset studentDue, DateTimeOffset now)
    {
        var all = visibilities.ToList();
        var untilDue = all.Count(v => v == Visibility.AfterDue && !FeedbackVisibility.StudentSees(v, studentDue, now));
        var never = all.Count(v => v == Visibility.Hidden);
        var notes = new List<string>();
        if (untilDue > 0)
            notes.Add($"{untilDue} more {Tests(untilDue)} hidden until your due date ({Points(untilDue)} in the score).");
        if (never > 0)
            notes.Add($"{never} {(untilDue > 0 ? "other " : "")}{Tests(never)} never shown ({Points(never)} in the score).");
        return notes;
    }

    static string Tests(int n) => n == 1 ? "test is" : "tests are";
    static string Points(int n) => n == 1 ? "its points are" : "their points are";
}
