using System.Globalization;
using System.Text.RegularExpressions;

namespace Course.Grader.Evaluation;

/// <summary>
/// Writes the baseline's figures (in full, so its own predictions score exactly the recorded floor) into the
/// manifest's <c>baseline:</c> block in place, line by line, so the
/// manifest's comments and layout stay as the authors wrote them (a YAML round trip would drop the comments).
/// </summary>
public static class BaselineRecord
{
    public static string Update(string manifest, IReadOnlyDictionary<string, double> figures)
    {
        var block = Regex.Match(manifest, @"^baseline:[ \t]*\r?\n((?:[ \t]+.*\r?\n|[ \t]*#.*\r?\n)+)", RegexOptions.Multiline);
        if (!block.Success) throw new FormatException("the manifest has no baseline: block");
        var body = block.Groups[1].Value;
        foreach (var (key, value) in figures)
        {
            // The key, its old value, and whatever comment follows it (kept).
            var line = new Regex($@"^([ \t]+{Regex.Escape(key)}:)[ \t]*[^\r\n#]*?([ \t]*(?:#[^\r\n]*)?)$", RegexOptions.Multiline);
            if (!line.IsMatch(body)) throw new FormatException($"the manifest's baseline: block has no {key}");
            body = line.Replace(body, m => $"{m.Groups[1].Value} {value.ToString(CultureInfo.InvariantCulture)}{m.Groups[2].Value}", 1);
        }
        return manifest[..block.Groups[1].Index] + body + manifest[(block.Groups[1].Index + block.Groups[1].Length)..];
    }
}
