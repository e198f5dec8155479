namespace Course.Grader.Score;

/// <summary>
/// One test's entry in the harness's status.json: ok, error, timeout or crashed. <paramref name="ImportFailed"/>: the
/// test did not run because the submission could not be imported; the message and traceback are the import's.
/// </summary>
public sealed record HarnessStatus(string Status, string Message = "", string Traceback = "", double? Seconds = null, bool ImportFailed = false);
