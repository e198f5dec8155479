namespace Course.Gradebook.Grades;

/// <summary>A student's rubric points on one assignment (the applied items' sum, before clamping to the rubric's worth).</summary>
public sealed record RubricScore(string Student, string AssignmentId, double Points);
