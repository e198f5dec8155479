namespace Course.Gradebook.Grades;

/// <summary>A gradebook row: one student's cells, category averages (0..1, null when nothing counts yet) and total.</summary>
public sealed record StudentGrades(
    CourseMember Student,
    IReadOnlyDictionary<string, GradeCell> Cells,
    IReadOnlyDictionary<string, double?> CategoryAverages,
    double? Total);
