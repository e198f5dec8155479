namespace Course.Portal.Content;

/// <summary>
/// A notebook a module lists. Where the course holds a copy (an assignment's starter notebook of that name) it links to
/// the starter's download and names the assignment; otherwise only the name is known.
/// </summary>
public sealed record ModuleNotebook(string Name, string? Href = null, string? Assignment = null);
