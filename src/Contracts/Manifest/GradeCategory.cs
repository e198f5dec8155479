namespace Course.Contracts.Manifest;

/// <summary>A group of assignments with one weight in the total; the lowest <see cref="DropLowest"/> scores in it do not count.</summary>
public sealed class GradeCategory
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public double Weight { get; set; }
    public int DropLowest { get; set; }
}
