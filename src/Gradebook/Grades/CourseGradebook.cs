using Course.Contracts.Manifest;

namespace Course.Gradebook.Grades;

/// <summary>Every student's grades on every published assignment, as of <see cref="At"/>.</summary>
public sealed record CourseGradebook(CourseSettings Course, IReadOnlyList<LoadedAssignment> Assignments, IReadOnlyList<StudentGrades> Rows, DateTimeOffset At);
