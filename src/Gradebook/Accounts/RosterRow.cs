namespace Course.Gradebook.Accounts;

/// <summary>One line of a roster CSV: <c>email,name,student_id,role</c>; student_id and role may be left out (role: Student).</summary>
public sealed record RosterRow(int Line, string Email, string Name, string? StudentId, string? Role);
