namespace Course.Grader.Data;

/// <summary>
/// An upload's bytes, once per content hash: workers on other machines read submissions from the database, not from the
/// portal's folder (which stays as a local cache).
/// </summary>
public sealed class SubmissionFile
{
    public required string ContentHash { get; set; }
    public required byte[] Content { get; set; }
}
