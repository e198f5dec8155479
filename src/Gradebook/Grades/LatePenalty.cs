using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>How much of a score late work keeps: it loses the policy's share per started day late; past the cap it keeps nothing.</summary>
public static class LatePenalty
{
    /// <returns>Started days late (0 when on time).</returns>
    public static int DaysLate(DateTimeOffset submittedAt, DateTimeOffset due) =>
        submittedAt <= due ? 0 : (int)Math.Ceiling((submittedAt - due).TotalDays);

    /// <returns>The factor the score is multiplied by, from 1 (on time) to 0.</returns>
    public static double Factor(int daysLate, LatePolicy policy) =>
        daysLate <= 0 ? 1 : daysLate > policy.MaxDays ? 0 : Math.Max(0, 1 - policy.PenaltyPerDay * daysLate);
}
