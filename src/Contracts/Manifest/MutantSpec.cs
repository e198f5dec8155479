namespace Course.Contracts.Manifest;

/// <summary>
/// A known mistake: a unified diff of the solution (<c>mutants/NAME.diff</c>), so the file holds the mistake and
/// nothing else, and the tests it must fail.
/// </summary>
public sealed class MutantSpec
{
    /// <summary>The patch, relative to the assignment's folder.</summary>
    public string Patch { get; set; } = "";
    /// <summary>The mistake, for the course's authors.</summary>
    public string Mistake { get; set; } = "";
    /// <summary>What a student whose outputs match this mutant is told, reviewed like the statement.</summary>
    public string Hint { get; set; } = "";
    public List<string> Fails { get; set; } = [];

    /// <summary>The mutant's short name: its patch's file name without the extension.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Patch);
}
