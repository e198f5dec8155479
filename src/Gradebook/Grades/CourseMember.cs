namespace Course.Gradebook.Grades;

/// <summary>A student as the gradebook and its export name them.</summary>
public sealed record CourseMember(string Email, string Name, string? StudentNumber);
