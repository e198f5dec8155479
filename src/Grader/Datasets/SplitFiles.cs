using System.Security.Cryptography;
using Course.Contracts.Manifest;

namespace Course.Grader.Datasets;

/// <summary>
/// Makes a predictions project's split from its manifest and its source (in the grader's trusted folder): the public files under the assignment's folder and the
/// test labels under the grader's trusted folder, each as the bytes to write, plus the record.
/// </summary>
public static class SplitFiles
{
    /// <summary>Where each file goes (full paths) and its bytes; the record is among them.</summary>
    public static (IReadOnlyDictionary<string, byte[]> Files, SplitRecord Record) Make(LoadedAssignment assignment, string trustedRoot)
    {
        var spec = assignment.Manifest.Dataset ?? throw new ManifestException($"{assignment.Id} has no dataset");
        var source = File.ReadAllBytes(Path.Combine(trustedRoot, spec.Source));
        var contents = PhraseBankSource.Read(source, spec.Classes);
        var split = StratifiedSplitter.Split(contents.Sentences, spec);
        var files = new Dictionary<string, byte[]>
        {
            [assignment.PathOf(spec.Train)] = SplitCsv.Labelled(split.Train),
            [assignment.PathOf(spec.Validation)] = SplitCsv.Labelled(split.Validation),
            [assignment.PathOf(spec.Test)] = SplitCsv.Sentences(split.Test),
            [Path.Combine(trustedRoot, spec.Labels)] = SplitCsv.Labels(split.Test),
        };
        var record = new SplitRecord(spec.Source, Sha256(source), spec.Seed, contents.Lines, contents.RepeatsDropped, contents.Conflicting,
            Describe(spec.Train, files[assignment.PathOf(spec.Train)], split.Train, true),
            Describe(spec.Validation, files[assignment.PathOf(spec.Validation)], split.Validation, true),
            Describe(spec.Test, files[assignment.PathOf(spec.Test)], split.Test, false),
            Describe(spec.Labels, files[Path.Combine(trustedRoot, spec.Labels)], split.Test, false));
        files[assignment.PathOf(spec.Record)] = record.ToBytes();
        return (files, record);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Label counts only for the files whose labels students have anyway.
    static DataFileSpec Describe(string path, byte[] bytes, IReadOnlyList<SplitRow> rows, bool withLabels) => new()
    {
        Path = path,
        Rows = rows.Count,
        Sha256 = Sha256(bytes),
        Labels = withLabels ? rows.GroupBy(r => r.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()) : [],
    };
}
