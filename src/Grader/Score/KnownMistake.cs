namespace Course.Grader.Score;

/// <summary>A known mistake (a mutant of the solution) whose outputs a submission reproduces on every visible test it fails.</summary>
public sealed record KnownMistake(string Name, string Hint)
{
    public string Feedback => $"This matches a known mistake: {Hint}";
}
