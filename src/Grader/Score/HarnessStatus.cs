namespace Course.Grader.Score;

/// <summary>One test's entry in the harness's status.json: ok, error, timeout or crashed.</summary>
public sealed record HarnessStatus(string Status, string Message = "", string Traceback = "", double? Seconds = null);
