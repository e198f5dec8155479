namespace Course.Grader.Authoring;

/// <summary>
/// One line of <c>./course check</c>: a file kept beside an assignment (its solution, starter or a mutant), what
/// the manifest says it must do, what grading it through the sandbox did, and whether that is a surprise.
/// </summary>
public sealed record CheckRow(string Assignment, string Role, string File, string Expected, string Got, double Score, double MaxScore, bool Ok);
