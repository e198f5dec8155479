namespace Course.Grader.Authoring;

/// <summary>A mutant's patch that does not apply to the solution it was written for.</summary>
public sealed class PatchException(string message) : Exception(message);
