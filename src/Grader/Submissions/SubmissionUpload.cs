namespace Course.Grader.Submissions;

/// <summary>A file as a student handed it in.</summary>
public sealed record SubmissionUpload(string FileName, byte[] Content);
