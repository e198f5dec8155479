namespace Course.Contracts.Manifest;

/// <summary>A validated manifest, the folder it came from, and the hash that keys its goldens.</summary>
public sealed record LoadedAssignment(AssignmentManifest Manifest, string Directory, string ManifestHash)
{
    public string Id => Manifest.Id;

    public string PathOf(string relative) => Path.Combine(Directory, relative);
}
