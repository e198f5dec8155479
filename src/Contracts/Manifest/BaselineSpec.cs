namespace Course.Contracts.Manifest;

/// <summary>
/// The baseline a predictions project is scored against: the reference's classifier trained from scratch on the
/// training split, and its macro-F1 on each part, written here by <c>./course baseline</c>.
/// </summary>
public sealed class BaselineSpec
{
    public double ValidationMacroF1 { get; set; }
    public double TestMacroF1 { get; set; }
    public double PublicMacroF1 { get; set; }
    public double PrivateMacroF1 { get; set; }
    /// <summary>The baseline's test predictions, relative to the grader's trusted folder.</summary>
    public string Predictions { get; set; } = "";
    /// <summary>Seconds the last training took (for the record; not graded).</summary>
    public double TrainingSeconds { get; set; }

    public double MacroF1(TestPart part) => part switch
    {
        TestPart.Public => PublicMacroF1,
        TestPart.Private => PrivateMacroF1,
        _ => TestMacroF1,
    };
}
