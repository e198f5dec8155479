using Course.Contracts.Manifest;
using Course.Gradebook.Grades;

namespace Course.Gradebook.Tests;

/// <summary>Which tests a student may see, with and without an extension.</summary>
public sealed class FeedbackVisibilityTests
{
    static readonly DateTimeOffset Due = new(2027, 2, 5, 23, 59, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Visibility.Visible, -1, true)]
    [InlineData(Visibility.Visible, 1, true)]
    [InlineData(Visibility.AfterDue, -1, false)]
    [InlineData(Visibility.AfterDue, 0, true)]
    [InlineData(Visibility.AfterDue, 1, true)]
    [InlineData(Visibility.Hidden, -1, false)]
    [InlineData(Visibility.Hidden, 1000, false)]
    public void Tests_open_by_their_visibility_and_the_students_due_date(Visibility visibility, int minutesAfterDue, bool sees) =>
        Assert.Equal(sees, FeedbackVisibility.StudentSees(visibility, Due, Due.AddMinutes(minutesAfterDue)));

    [Fact]
    public void A_student_with_an_extension_does_not_see_after_due_tests_while_they_may_still_resubmit()
    {
        var extended = Due.AddDays(3);
        var now = Due.AddDays(1);
        Assert.True(FeedbackVisibility.StudentSees(Visibility.AfterDue, Due, now));        // a classmate without one does
        Assert.False(FeedbackVisibility.StudentSees(Visibility.AfterDue, extended, now));  // this student does not
        Assert.True(FeedbackVisibility.AfterDuePending([Visibility.Visible, Visibility.AfterDue], extended, now));
        Assert.True(FeedbackVisibility.StudentSees(Visibility.AfterDue, extended, extended));
    }

    [Fact]
    public void Nothing_is_pending_without_after_due_tests_or_after_the_due_date()
    {
        Assert.False(FeedbackVisibility.AfterDuePending([Visibility.Visible, Visibility.Hidden], Due, Due.AddDays(-1)));
        Assert.False(FeedbackVisibility.AfterDuePending([Visibility.AfterDue], Due, Due.AddDays(1)));
    }
}
