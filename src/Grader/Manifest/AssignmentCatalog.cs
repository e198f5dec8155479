namespace Course.Grader.Manifest;

/// <summary>Every assignment under the course's <c>assignments/</c> folder, loaded once.</summary>
public sealed class AssignmentCatalog
{
    readonly Dictionary<string, LoadedAssignment> byId;

    public AssignmentCatalog(string root)
    {
        Root = Path.GetFullPath(root);
        byId = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, ManifestLoader.FileName)))
                .Select(ManifestLoader.Load)
                .ToDictionary(a => a.Id)
            : [];
    }

    public string Root { get; }

    public IReadOnlyList<LoadedAssignment> All =>
        byId.Values.OrderBy(a => a.Manifest.Week).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();

    public LoadedAssignment? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The ids, sorted and comma-separated, for messages about an id that is not among them.</summary>
    public string KnownIds => string.Join(", ", byId.Keys.Order(StringComparer.Ordinal));

    public LoadedAssignment Get(string id) =>
        Find(id) ?? throw new ManifestException($"no assignment '{id}' in {Root} (known: {KnownIds})");
}
