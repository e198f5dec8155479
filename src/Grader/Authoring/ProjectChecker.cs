using System.IO.Compression;
using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Evaluation;
using Course.Grader.Submissions;

namespace Course.Grader.Authoring;

/// <summary>
/// Keeps a predictions project honest, in place of a solution and mutants (a solution would be the test labels, which
/// never enter the repository's student side): the baseline's kept predictions score exactly the figures the
/// manifest records and no points; retraining the baseline (cached like the goldens) gives the same predictions; a
/// perfect file built in memory from the trusted labels scores full marks; a seeded random file scores near chance
/// and nothing; every malformed file is refused with its message; the starter notebook writes the predictions file.
/// </summary>
public sealed class ProjectChecker(ProjectEvaluator evaluator, ProjectData data, BaselineRunner baselines)
{
    public async Task<IReadOnlyList<CheckRow>> CheckAsync(LoadedAssignment assignment, CancellationToken ct = default)
    {
        var m = assignment.Manifest;
        var classes = m.Dataset!.Classes;
        var ids = data.TestIds(assignment);
        var labels = data.Labels(assignment);
        var rows = new List<CheckRow>();
        CheckRow Row(string role, string file, string expected, string got, double score, bool ok) =>
            new(assignment.Id, role, file, expected, got, score, m.AutogradedPoints, ok);

        var kept = await File.ReadAllBytesAsync(data.BaselinePredictionsPath(assignment), ct);
        var baseline = evaluator.Score(assignment, PredictionsCsv.Read(kept, "baseline predictions", ids, classes));
        var recorded = m.Tests.Select(t => (t.Name, Figure: m.Baseline!.MacroF1(t.Part))).ToList();
        var got = string.Join(", ", baseline.Tests.Select(t => $"{t.Name} {t.Metric:0.0000}"));
        rows.Add(Row("baseline", Path.GetFileName(m.Baseline!.Predictions), "the recorded macro-F1 on each part, no points", got,
            baseline.Score, baseline.Score == 0 && recorded.All(r => baseline.Tests.Single(t => t.Name == r.Name).Metric == r.Figure)));

        var retrained = await baselines.GetAsync(assignment, retrain: false, ct);
        var same = retrained.Files["test_predictions.csv"].AsSpan().SequenceEqual(kept);
        rows.Add(Row("retrained", $"data/baselines/{retrained.Key}", "the kept baseline predictions, byte for byte",
            same ? $"the same predictions ({(retrained.FromCache ? "cached" : $"trained in {retrained.Seconds:0} s")})" : "different predictions: run ./course baseline", 0, same));

        var perfect = evaluator.Grade(assignment, Zip(Encoding.UTF8.GetBytes("id,label\n" + string.Concat(labels.Select(l => $"{l.Id},{l.Label}\n")))));
        rows.Add(Row("perfect", "(the trusted labels)", "full marks", $"{perfect.Score:0.##} points", perfect.Score, perfect.Score == m.AutogradedPoints));

        // Seeded from the dataset's seed, so the check guesses the same every run.
        var random = new Datasets.SplitMix64(unchecked((ulong)m.Dataset.Seed));
        var guess = evaluator.Grade(assignment, Zip(Encoding.UTF8.GetBytes("id,label\n" + string.Concat(ids.Select(id => $"{id},{classes[random.Below(classes.Count)]}\n")))));
        var chance = guess.Tests.All(t => t.Metric is > 0.25 and < 0.40) && guess.Score == 0;
        rows.Add(Row("random", "(uniform guesses)", "macro-F1 near chance (0.25-0.40), no points",
            string.Join(", ", guess.Tests.Select(t => $"{t.Name} {t.Metric:0.0000}")), guess.Score, chance));

        foreach (var bad in MalformedPredictions.All)
        {
            try
            {
                evaluator.Check(assignment, Zip(bad.Make(ids)));
                rows.Add(Row("malformed", bad.Name, $"refused: {bad.Message(ids)}", "accepted", 0, false));
            }
            catch (SubmissionRejectedException e)
            {
                rows.Add(Row("malformed", bad.Name, $"refused: {bad.Message(ids)}", $"refused: {e.Message}", 0, e.Message.Contains(bad.Message(ids))));
            }
        }

        var starter = assignment.PathOf(m.Starter);
        var writes = File.Exists(starter) && (await File.ReadAllTextAsync(starter, ct)) is var text
                     && text.Contains("\"nbformat\": 4") && text.Contains(m.Submission.Predictions);
        rows.Add(Row("starter", m.Starter, $"a notebook that writes {m.Submission.Predictions}", writes ? "it does" : "missing, or it does not", 0, writes));
        return rows;
    }

    /// <summary>The upload a student would make: the predictions with a notebook and a report beside them.</summary>
    static SubmissionUpload Zip(byte[] predictions)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in new[] { ("predictions.csv", predictions), ("check.ipynb", "{}"u8.ToArray()), ("report.md", "# check\n"u8.ToArray()) })
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        return new SubmissionUpload("check.zip", buffer.ToArray());
    }
}
