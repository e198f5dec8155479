namespace Course.Gradebook.Grades;

/// <summary>A gradebook change that cannot be made as asked (no reason, points out of range, unknown student); the message says why.</summary>
public sealed class GradebookException(string message) : Exception(message);
