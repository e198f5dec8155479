using Course.Gradebook.Data;

namespace Course.Gradebook.Rubrics;

/// <summary>A rubric grade as pages show it: the items applied (with today's points), the comment and the score.</summary>
public sealed record RubricGradeView(
    string Student,
    string AssignmentId,
    long SubmissionId,
    IReadOnlyList<RubricItem> Applied,
    string Comment,
    double Score,
    double MaxScore,
    string GradedBy,
    DateTimeOffset At,
    bool Published);
