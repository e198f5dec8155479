namespace Course.Grader.Queue;

/// <summary>
/// How long a queued job will likely wait, said plainly: its position, the median time of a recent grade, and the live
/// workers' slots. With no grade to go by it says the position only, rather than invent a time.
/// </summary>
public sealed record QueueWait(int Position, TimeSpan? PerGrade, int Slots)
{
    /// <summary>Until this job is graded: the rounds of grading before it and its own, each as long as a recent grade.</summary>
    public TimeSpan? Wait => PerGrade is { } grade && Slots > 0 ? grade * Math.Ceiling(Position / (double)Slots) : null;

    public override string ToString() => (Wait, PerGrade) switch
    {
        ({ } wait, { } grade) =>
            $"{About(wait)} (position {Position}; about {Short(grade)} per grade recently, {Slots} {(Slots == 1 ? "worker" : "workers")})",
        (null, { }) => $"position {Position}; no grader is running right now",
        _ => $"position {Position}",
    };

    static string About(TimeSpan t) => t.TotalSeconds switch
    {
        < 60 => "less than a minute",
        < 90 * 60 => Math.Max(1, (int)Math.Round(t.TotalMinutes)) is var m && m == 1 ? "about 1 minute" : $"about {m} minutes",
        _ => $"about {Math.Round(t.TotalHours, 1):0.#} hours",
    };

    static string Short(TimeSpan t) => t.TotalSeconds < 90 ? $"{Math.Max(1, Math.Round(t.TotalSeconds)):0} s" : $"{Math.Round(t.TotalMinutes):0} min";
}
