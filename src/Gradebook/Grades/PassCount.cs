namespace Course.Gradebook.Grades;

/// <summary>How many of some attempts passed a test.</summary>
public sealed record PassCount(int Passed, int Attempts)
{
    public double Rate => Attempts > 0 ? (double)Passed / Attempts : 0;
}
