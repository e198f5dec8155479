namespace Course.Gradebook.Grades;

/// <summary>What a cell of the gradebook shows and why.</summary>
public enum CellState
{
    /// <summary>Not handed in, and the (possibly extended) due date has not passed: it does not count yet.</summary>
    NotDue,
    /// <summary>Not handed in after the due date: counts as 0.</summary>
    Missing,
    Graded,
    Overridden,
}

/// <summary>
/// One student's grade on one assignment: the best graded attempt after its late penalty plus the rubric grade where
/// the assignment has a rubric, or the instructor's override. <see cref="GradedPoints"/> is the best attempt's points
/// after penalty, also when an override replaces them; <see cref="RubricPoints"/> the rubric's part once graded (and,
/// for a student, published), and <see cref="RubricPending"/> says it is still to come.
/// </summary>
public sealed record GradeCell(
    string AssignmentId,
    CellState State,
    double? Points,
    double MaxPoints,
    DateTimeOffset Due,
    long? SubmissionId = null,
    double? RawScore = null,
    int DaysLate = 0,
    double PenaltyFactor = 1,
    string? OverrideReason = null,
    double? GradedPoints = null,
    double? RubricPoints = null,
    bool RubricPending = false)
{
    /// <summary>Counts toward the category average.</summary>
    public bool Counts => State != CellState.NotDue;

    public double Fraction => MaxPoints > 0 && Points is { } p ? p / MaxPoints : 0;
}
