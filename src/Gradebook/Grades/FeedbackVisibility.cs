using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>
/// Which tests' results a student may see, the one place this is decided. Visible tests always; after-due tests
/// once the student's own due date has passed (an extension moves it later, so nobody reads after-due feedback
/// while they may still resubmit); hidden tests never. Staff see every test on the sandbox log.
/// </summary>
public static class FeedbackVisibility
{
    public static bool StudentSees(Visibility visibility, DateTimeOffset studentDue, DateTimeOffset now) => visibility switch
    {
        Visibility.Visible => true,
        Visibility.AfterDue => now >= studentDue,
        _ => false,
    };

    /// <summary>Whether some after-due test is still closed to the student, so the page can say when it opens.</summary>
    public static bool AfterDuePending(IEnumerable<Visibility> visibilities, DateTimeOffset studentDue, DateTimeOffset now) =>
        now < studentDue && visibilities.Any(v => v == Visibility.AfterDue);
}
