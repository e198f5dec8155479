namespace Course.Contracts.Manifest;

/// <summary>Finds the course repository (the folder holding Course.sln), where assignments/ and data/ live.</summary>
public static class CourseRoot
{
    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Course.sln, or null.</summary>
    public static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>For tests: the repository their build output sits in.</summary>
    public static string OfBuildOutput() =>
        FindAbove(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Course.sln not found above " + AppContext.BaseDirectory);
}
