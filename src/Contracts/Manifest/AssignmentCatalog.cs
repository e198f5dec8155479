namespace Course.Contracts.Manifest;

/// <summary>Every assignment under the course's <c>assignments/</c> folder, loaded once.</summary>
public sealed class AssignmentCatalog
{
    readonly Dictionary<string, LoadedAssignment> byId;

    public AssignmentCatalog(string root)
    {
        Root = Path.GetFullPath(root);
        Course = CourseSettings.Load(Root);
        byId = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, ManifestLoader.FileName)))
                .Select(ManifestLoader.Load)
                .ToDictionary(a => a.Id)
            : [];
        var strays = byId.Values.Where(a => Course.FindCategory(a.Manifest.Category) is null).Select(a => $"{a.Id} ('{a.Manifest.Category}')").ToList();
        if (strays.Count > 0)
            throw new ManifestException($"{Path.Combine(Root, CourseSettings.FileName)}: no category for {string.Join(", ", strays)}");
    }

    public string Root { get; }

    public CourseSettings Course { get; }

    public IReadOnlyList<LoadedAssignment> All =>
        byId.Values.OrderBy(a => a.Manifest.Week).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();

    public LoadedAssignment? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The ids, sorted and comma-separated, for messages about an id that is not among them.</summary>
    public string KnownIds => string.Join(", ", byId.Keys.Order(StringComparer.Ordinal));

    public LoadedAssignment Get(string id) =>
        Find(id) ?? throw new ManifestException($"no assignment '{id}' in {Root} (known: {KnownIds})");
}
