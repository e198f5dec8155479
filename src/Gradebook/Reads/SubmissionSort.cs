namespace Course.Gradebook.Reads;

/// <summary>The columns the staff's submissions browser sorts by.</summary>
public enum SubmissionSort
{
    Submitted,
    Student,
    Assignment,
    Score,
    Status,
}
