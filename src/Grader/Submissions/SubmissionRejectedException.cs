namespace Course.Grader.Submissions;

/// <summary>An upload that cannot be graded (wrong type, broken file, unsafe archive): the student is told why and loses no attempt.</summary>
public sealed class SubmissionRejectedException(string message) : Exception(message)
{
    /// <summary>What the student reads, on the page or from the API.</summary>
    public string ForStudent => $"Not accepted: {Message}. Nothing was graded and no attempt was used.";
}
