namespace Course.Cli;

/// <summary>Finds the repository root (where Course.sln is), so the CLI reads assignments/ and data/ from any folder.</summary>
public static class CourseRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("COURSE_ROOT") is { Length: > 0 } root) return root;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
