using System.Text;
using System.Text.RegularExpressions;

namespace Course.Grader.Authoring;

/// <summary>
/// Applies a unified diff (as <c>diff -u</c> and <c>git diff</c> write it) to the text of one file, strictly: each
/// hunk must start at the line its header names and every context and removed line must match exactly. A mutant is
/// such a patch of its assignment's solution, so when the solution changes under it the patch fails loudly here
/// instead of landing somewhere else. Written by hand: the diff libraries on NuGet (DiffPlex, diff-match-patch)
/// make diffs or apply their own formats, none applies a unified diff.
/// </summary>
public static partial class UnifiedDiff
{
    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();

    public static string Apply(string original, string diff)
    {
        var source = SplitLines(original, out var sourceEndsWithNewline);
        var patch = SplitLines(diff, out _);
        var result = new List<string>();
        var resultEndsWithNewline = sourceEndsWithNewline;
        var next = 0; // the first source line not yet copied (0-based)
        var hunks = 0;
        var i = 0;
        while (i < patch.Count && !patch[i].StartsWith("@@")) i++; // the ---/+++ file header, and anything before it
        if (i == patch.Count) throw new PatchException("the patch holds no hunk (@@ … @@)");
        while (i < patch.Count)
        {
            var header = HunkHeader().Match(patch[i]);
            if (!header.Success) throw new PatchException($"line {i + 1} of the patch is not a hunk header: {patch[i]}");
            hunks++;
            var oldStart = int.Parse(header.Groups[1].Value);
            var oldCount = header.Groups[2].Success ? int.Parse(header.Groups[2].Value) : 1;
            var newCount = header.Groups[4].Success ? int.Parse(header.Groups[4].Value) : 1;
            // A hunk that only adds lines names the line before them (0 for the top of the file).
            var at = oldCount == 0 ? oldStart : oldStart - 1;
            if (at < next || at > source.Count)
                throw new PatchException($"hunk {hunks} starts at line {oldStart}, outside the file or before the previous hunk");
            result.AddRange(source.Skip(next).Take(at - next));
            next = at;
            i++;
            int oldSeen = 0, newSeen = 0; // lines of the old and new file this hunk covers
            for (; i < patch.Count && !patch[i].StartsWith("@@"); i++)
            {
                var line = patch[i];
                if (line.StartsWith('\\'))
                {
                    // "\ No newline at end of file" applies to the line just before it.
                    if (patch[i - 1].StartsWith('+')) resultEndsWithNewline = false;
                    else if (patch[i - 1].StartsWith('-')) resultEndsWithNewline = true;
                    else resultEndsWithNewline = false;
                    continue;
                }
                var kind = line.Length == 0 ? ' ' : line[0];
                var text = line.Length == 0 ? "" : line[1..];
                switch (kind)
                {
                    case ' ':
                    case '-':
                        if (next >= source.Count || source[next] != text)
                            throw new PatchException($"hunk {hunks} does not apply: line {next + 1} of the solution is "
                                + (next >= source.Count ? "past its end" : $"'{source[next]}'") + $", the patch expects '{text}'");
                        next++;
                        oldSeen++;
                        if (kind == ' ')
                        {
                            result.Add(text);
                            newSeen++;
                        }
                        break;
                    case '+':
                        result.Add(text);
                        newSeen++;
                        break;
                    default:
                        throw new PatchException($"line {i + 1} of the patch starts with '{kind}', not ' ', '-', '+' or '\\'");
                }
            }
            if (oldSeen != oldCount || newSeen != newCount)
                throw new PatchException($"hunk {hunks} says -{oldCount} +{newCount} lines but holds -{oldSeen} +{newSeen}");
        }
        result.AddRange(source.Skip(next));
        var patched = string.Join('\n', result);
        return resultEndsWithNewline && result.Count > 0 ? patched + "\n" : patched;
    }

    static List<string> SplitLines(string text, out bool endsWithNewline)
    {
        text = text.Replace("\r\n", "\n");
        endsWithNewline = text.EndsWith('\n');
        if (endsWithNewline) text = text[..^1];
        return text.Length == 0 && !endsWithNewline ? [] : [.. text.Split('\n')];
    }
}
