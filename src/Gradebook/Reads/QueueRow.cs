using Course.Grader.Data;

namespace Course.Gradebook.Reads;

/// <summary>
/// A job in the staff's queue, with its submission: which of the student's attempts on the assignment it is
/// (counting from 1), and its score once graded. Not to be confused with the job's grading tries.
/// </summary>
public sealed record QueueRow(GradingJob Job, int StudentAttempt, double? Score, double? MaxScore);
