using Course.Portal.Content;

namespace Course.Portal.Tests;

public sealed class TimeLeftTests
{
    static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3 * 24 * 60 + 5, "due in 3 days")]
    [InlineData(2 * 24 * 60, "due in 2 days")]
    [InlineData(47 * 60 + 59, "due in 47 hours")]   // under two days, hours say more than "1 day"
    [InlineData(2 * 60, "due in 2 hours")]
    [InlineData(119, "due in 119 minutes")]
    [InlineData(1, "due in 1 minute")]
    [InlineData(0, "due in less than a minute")]
    [InlineData(-3 * 60, "closed 3 hours ago")]
    [InlineData(-10 * 24 * 60, "closed 10 days ago")]
    public void A_due_date_reads_in_the_largest_whole_unit(int minutesFromNow, string words) =>
        Assert.Equal(words, TimeLeft.Describe(Now.AddMinutes(minutesFromNow), Now));
}
