namespace Course.Contracts.Manifest;

/// <summary><c>assignments/course.yaml</c>: the course's title and term, and how its grade is made of categories.</summary>
public sealed class CourseSettings
{
    public const string FileName = "course.yaml";

    public string Title { get; set; } = "";
    public string Term { get; set; } = "";
    public List<GradeCategory> Categories { get; set; } = [];

    public GradeCategory? FindCategory(string id) => Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>A course folder without course.yaml has one category, "assignments", that holds everything.</summary>
    public static CourseSettings Load(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
            return new CourseSettings { Title = "Course", Categories = [new GradeCategory { Id = "assignments", Title = "Assignments", Weight = 1 }] };
        var settings = CourseYaml.Read<CourseSettings>(File.ReadAllText(path), path);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Title)) errors.Add("no title");
        if (settings.Categories.Count == 0) errors.Add("no grade categories");
        foreach (var c in settings.Categories)
        {
            if (c.Weight <= 0) errors.Add($"category '{c.Id}': the weight must be positive");
            if (c.DropLowest < 0) errors.Add($"category '{c.Id}': drop_lowest cannot be negative");
        }
        foreach (var dup in settings.Categories.GroupBy(c => c.Id).Where(g => g.Count() > 1))
            errors.Add($"category '{dup.Key}' is listed twice");
        if (errors.Count > 0) throw new ManifestException($"{path}:\n  " + string.Join("\n  ", errors));
        return settings;
    }
}
