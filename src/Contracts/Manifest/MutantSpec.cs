namespace Course.Contracts.Manifest;

/// <summary>A known-wrong submission kept beside the assignment, and the tests it must fail.</summary>
public sealed class MutantSpec
{
    public string File { get; set; } = "";
    public string Mistake { get; set; } = "";
    public List<string> Fails { get; set; } = [];
}
