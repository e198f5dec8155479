using Course.Contracts.Manifest;

namespace Course.Grader.Gradebook;

/// <summary>Every student's grades on every published assignment, as of <see cref="At"/>.</summary>
public sealed record CourseGradebook(CourseSettings Course, IReadOnlyList<LoadedAssignment> Assignments, IReadOnlyList<StudentGrades> Rows, DateTimeOffset At);
