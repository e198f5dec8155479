namespace Course.Contracts.Manifest;

/// <summary>A file of a dataset split, as the split's record states it: where it is, how many rows, its SHA-256.</summary>
public sealed class DataFileSpec
{
    public string Path { get; set; } = "";
    public int Rows { get; set; }
    public string Sha256 { get; set; } = "";
    /// <summary>Rows per label, for the files whose labels students see.</summary>
    public Dictionary<string, int> Labels { get; set; } = [];
}
