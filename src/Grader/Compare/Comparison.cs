namespace Course.Grader.Compare;

/// <summary>How one output compared with the reference: whether it passed, and a message that helps find the bug.</summary>
public sealed record Comparison(bool Passed, string Message, double MaxAbsError = 0, double MaxRelError = 0);
