using Course.Contracts.Manifest;
using Course.Gradebook.Grades;

namespace Course.Gradebook.Tests;

/// <summary>The student's page counts the tests it does not show, by when they open, and says nothing of how they did.</summary>
public sealed class HiddenTestsTests
{
    static readonly DateTimeOffset Due = new(2027, 2, 5, 23, 59, 0, TimeSpan.Zero);

    static readonly Visibility[] Mixed =
        [Visibility.Visible, Visibility.AfterDue, Visibility.AfterDue, Visibility.AfterDue, Visibility.Hidden, Visibility.Hidden];

    [Fact]
    public void Before_the_due_date_after_due_and_never_shown_tests_are_counted_apart()
    {
        Assert.Equal(
            ["3 more tests are hidden until your due date (their points are in the score).",
             "2 other tests are never shown (their points are in the score)."],
            HiddenTests.Notes(Mixed, Due, Due.AddHours(-1)));
    }

    [Fact]
    public void After_the_due_date_only_the_never_shown_tests_are_counted()
    {
        Assert.Equal(["2 tests are never shown (their points are in the score)."], HiddenTests.Notes(Mixed, Due, Due.AddHours(1)));
    }

    [Fact]
    public void One_test_is_spoken_of_in_the_singular_and_none_says_nothing()
    {
        Assert.Equal(["1 more test is hidden until your due date (its points are in the score).", "1 other test is never shown (its points are in the score)."],
            HiddenTests.Notes([Visibility.AfterDue, Visibility.Hidden], Due, Due.AddDays(-1)));
        Assert.Empty(HiddenTests.Notes([Visibility.Visible, Visibility.AfterDue], Due, Due));
    }
}
