namespace Course.Contracts.Manifest;

/// <summary>Late work loses <see cref="PenaltyPerDay"/> of its score per started day, up to <see cref="MaxDays"/>; later than that scores 0.</summary>
public sealed class LatePolicy
{
    public double PenaltyPerDay { get; set; } = 0.10;
    public int MaxDays { get; set; } = 3;
}
