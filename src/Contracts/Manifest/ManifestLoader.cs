using System.Security.Cryptography;

namespace Course.Contracts.Manifest;

/// <summary>Reads and validates <c>assignments/&lt;id&gt;/assignment.yaml</c>.</summary>
public static class ManifestLoader
{
    public const string FileName = "assignment.yaml";

    public static LoadedAssignment Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new ManifestException($"{path}: no {FileName}");
        var bytes = File.ReadAllBytes(path);
        var manifest = CourseYaml.Read<AssignmentManifest>(System.Text.Encoding.UTF8.GetString(bytes), path);
        Validate(manifest, path, Path.GetFileName(Path.GetFullPath(directory)));
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        return new LoadedAssignment(manifest, Path.GetFullPath(directory), hash);
    }

    static void Validate(AssignmentManifest m, string path, string folderName)
    {
        var errors = new List<string>();
        if (m.Id != folderName) errors.Add($"id '{m.Id}' differs from its folder '{folderName}'");
        if (string.IsNullOrWhiteSpace(m.Title)) errors.Add("no title");
        if (m.GradesPredictions)
            EvaluationRules.Check(m, errors);
        else if (string.IsNullOrWhiteSpace(m.Submission.Module) || !m.Submission.Module.EndsWith(".py"))
            errors.Add("submission.module must name a .py module");
        if (m.Tests.Any(t => t.Kind == TestKind.Evaluation) && !m.GradesPredictions)
            errors.Add("evaluation tests and comparison tests cannot be mixed: a predictions file and a module are different submissions");
        if (string.IsNullOrWhiteSpace(m.Reference)) errors.Add("no reference generator");
        if (m.Sandbox.TimeoutS <= 0 || m.Sandbox.TestTimeoutS <= 0 || m.Sandbox.ImportTimeoutS <= 0 || m.Sandbox.MemoryMb < 64)
            errors.Add("sandbox limits must be positive (memory at least 64 MB)");
        if (m.Tests.Count == 0) errors.Add("no tests");
        foreach (var dup in m.Tests.GroupBy(t => t.Name).Where(g => g.Count() > 1))
            errors.Add($"test '{dup.Key}' is listed twice");
        foreach (var t in m.Tests)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(t.Name, "^[a-z0-9_]+$"))
                errors.Add($"test '{t.Name}': names use a-z, 0-9 and _");
            if (t.Points < 0) errors.Add($"test '{t.Name}': negative points");
            if (t.Rtol < 0 || t.Atol < 0) errors.Add($"test '{t.Name}': negative tolerance");
            if (string.IsNullOrWhiteSpace(t.Entry) && t.Kind == TestKind.Comparison) errors.Add($"test '{t.Name}': no entry point");
        }
        foreach (var mutant in m.Mutants)
        {
            if (!mutant.Patch.EndsWith(".diff")) errors.Add($"mutant '{mutant.Patch}': a mutant is a unified diff of the solution (patch: mutants/NAME.diff)");
            if (mutant.Fails.Count == 0) errors.Add($"mutant '{mutant.Patch}' lists no test it fails");
            if (string.IsNullOrWhiteSpace(mutant.Hint)) errors.Add($"mutant '{mutant.Patch}' has no hint for the students whose work matches it");
            foreach (var name in mutant.Fails.Where(n => m.FindTest(n) is null))
                errors.Add($"mutant '{mutant.Patch}' lists unknown test '{name}'");
        }
        foreach (var dup in m.Mutants.GroupBy(x => x.Name).Where(g => g.Count() > 1))
            errors.Add($"mutant '{dup.Key}' is listed twice");
        if (m.RubricPoints < 0 || double.IsNaN(m.RubricPoints)) errors.Add("rubric_points cannot be negative");
        foreach (var alternative in m.Alternatives.Where(a => string.IsNullOrWhiteSpace(a.File)))
            errors.Add("an alternative names no file");
        if (errors.Count > 0)
            throw new ManifestException($"{path}:\n  " + string.Join("\n  ", errors));
    }
}
