namespace Course.Portal.Content;

/// <summary>A due date in words relative to now, in the largest whole unit: "due in 3 days", "closed 2 hours ago".</summary>
public static class TimeLeft
{
    public static string Describe(DateTimeOffset due, DateTimeOffset now)
    {
        var span = due - now;
        var words = InWords(span.Duration());
        return span >= TimeSpan.Zero ? $"due in {words}" : $"closed {words} ago";
    }

    static string InWords(TimeSpan span) =>
        span.TotalDays >= 2 ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 2 ? Plural((int)span.TotalHours, "hour")
        : span.TotalMinutes >= 1 ? Plural((int)span.TotalMinutes, "minute")
        : "less than a minute";

    static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
