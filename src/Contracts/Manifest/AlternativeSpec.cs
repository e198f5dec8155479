namespace Course.Contracts.Manifest;

/// <summary>
/// Another correct formulation of the solution (float32, the other library, another decomposition) that must score
/// full marks: it shows the tests and tolerances accept every correct way of writing the answer, not just ours.
/// </summary>
public sealed class AlternativeSpec
{
    public string File { get; set; } = "";
    /// <summary>What makes it differ from the solution.</summary>
    public string Note { get; set; } = "";
}
