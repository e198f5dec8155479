namespace Course.Grader.Score;

/// <summary>
/// The submission could not be imported, so no test ran: the error once, for the top of the student's page. The
/// traceback holds only the student's own frames and the error (for a syntax error, the line and a caret).
/// </summary>
public sealed record ImportFailure(string Message, string Traceback)
{
    /// <summary>What each test that did not run says instead of repeating the error.</summary>
    public const string NotRun = "not run: your file could not be imported (the error is shown above the tests)";

    /// <summary>The summary of a grade in which no test ran.</summary>
    public const string Summary = "Your file could not be imported, so no test ran.";

    /// <summary>From a test's status that carries the import's error; the harness's "could not import" opening is left to the page.</summary>
    public static ImportFailure Of(HarnessStatus status)
    {
        const string opening = "could not import the submission: ";
        var message = status.Message.StartsWith(opening, StringComparison.Ordinal) ? status.Message[opening.Length..] : status.Message;
        return new ImportFailure(message, status.Traceback);
    }
}
