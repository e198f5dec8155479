using System.Text;
using Course.Grader.Datasets;

namespace Course.Grader.Tests.Evaluation;

public sealed class SplitTests
{
    [Fact]
    public void Remaking_the_split_gives_the_committed_files_byte_for_byte()
    {
        var (files, _) = SplitFiles.Make(PhraseBank.Assignment, PhraseBank.TrustedRoot);
        Assert.Equal(5, files.Count);
        foreach (var (path, bytes) in files)
            Assert.True(File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes), $"{path} differs from what ./course split makes");
    }

    [Fact]
    public void The_record_states_each_files_rows_and_hash()
    {
        var data = PhraseBank.Assignment.Manifest.Dataset!;
        var record = SplitRecord.Read(PhraseBank.Assignment.PathOf(data.Record));
        Assert.Equal(SplitFiles.Sha256(File.ReadAllBytes(Path.Combine(PhraseBank.TrustedRoot, data.Source))), record.SourceSha256);
        Assert.Equal("bb1b4df6de05d50b146f87a9d4d024b69f947066445f2384f014c3564c1612c8", record.SourceSha256); // SOURCE.md's figure
        foreach (var (file, path) in new[]
                 {
                     (record.Train, PhraseBank.Assignment.PathOf(data.Train)), (record.Validation, PhraseBank.Assignment.PathOf(data.Validation)),
                     (record.Test, PhraseBank.Assignment.PathOf(data.Test)), (record.Labels, PhraseBank.LabelsPath),
                 })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(file.Sha256, SplitFiles.Sha256(bytes));
            Assert.Equal(file.Rows, SplitCsv.Read(bytes).Count - 1);
        }
        // 4846 lines, six repeats of a line and two sentences under two labels each (four lines) dropped.
        Assert.Equal(4846, record.SourceLines);
        Assert.Equal(6, record.RepeatsDropped);
        Assert.Equal(2, record.ConflictingDropped.Count);
        Assert.Equal(4846 - 6 - 4, record.Train.Rows + record.Validation.Rows + record.Test.Rows);
    }

    [Fact]
    public void No_sentence_is_in_two_parts_and_conflicting_ones_are_in_none()
    {
        var data = PhraseBank.Assignment.Manifest.Dataset!;
        var record = SplitRecord.Read(PhraseBank.Assignment.PathOf(data.Record));
        var parts = new[] { data.Train, data.Validation, data.Test }
            .Select(f => SplitCsv.Read(File.ReadAllBytes(PhraseBank.Assignment.PathOf(f))).Skip(1).Select(r => r[1]).ToList()).ToList();
        var all = parts.SelectMany(p => p).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(all, record.ConflictingDropped.Contains);
    }

    [Fact]
    public void Each_class_is_split_by_the_stated_fractions_rounded_half_up()
    {
        var data = PhraseBank.Assignment.Manifest.Dataset!;
        var labels = SplitCsv.Read(File.ReadAllBytes(PhraseBank.LabelsPath)).Skip(1).ToList();
        var train = SplitCsv.Read(File.ReadAllBytes(PhraseBank.Assignment.PathOf(data.Train))).Skip(1).ToList();
        var validation = SplitCsv.Read(File.ReadAllBytes(PhraseBank.Assignment.PathOf(data.Validation))).Skip(1).ToList();
        foreach (var label in data.Classes)
        {
            int test = labels.Count(r => r[1] == label), val = validation.Count(r => r[2] == label), n = test + val + train.Count(r => r[2] == label);
            Assert.Equal((int)Math.Floor(data.TestFraction * n + 0.5), test);
            Assert.Equal((int)Math.Floor(data.ValidationFraction * n + 0.5), val);
            Assert.Equal((int)Math.Floor(data.PublicFraction * test + 0.5), labels.Count(r => r[1] == label && r[2] == "public"));
        }
    }

    [Fact]
    public void The_released_test_file_holds_ids_and_sentences_only()
    {
        var test = SplitCsv.Read(File.ReadAllBytes(PhraseBank.Assignment.PathOf(PhraseBank.Assignment.Manifest.Dataset!.Test)));
        Assert.Equal(["id", "sentence"], test[0]);
        Assert.All(test, row => Assert.Equal(2, row.Length));
        var labels = SplitCsv.Read(File.ReadAllBytes(PhraseBank.LabelsPath)).Skip(1).Select(r => r[0]);
        Assert.Equal(test.Skip(1).Select(r => r[0]), labels);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var source = Encoding.Latin1.GetBytes("a@negative\r\nb@neutral\r\nc@positive\r\nd@neutral\r\ne@neutral\r\nf@positive\r\ng@negative\r\nh@neutral\r\n");
        var sentences = PhraseBankSource.Read(source, ["negative", "neutral", "positive"]).Sentences;
        var spec = new Contracts.Manifest.DatasetSpec { Seed = 1, Classes = ["negative", "neutral", "positive"], TestFraction = 0.3, ValidationFraction = 0.2 };
        var once = StratifiedSplitter.Split(sentences, spec);
        var again = StratifiedSplitter.Split(sentences, spec);
        Assert.Equal(once.Test, again.Test);
        Assert.Equal(once.Train, again.Train);
        var other = Enumerable.Range(2, 20).Select(seed => StratifiedSplitter.Split(sentences, new Contracts.Manifest.DatasetSpec
            { Seed = seed, Classes = spec.Classes, TestFraction = 0.3, ValidationFraction = 0.2 }));
        Assert.Contains(other, s => !s.Train.Select(r => r.Sentence).SequenceEqual(once.Train.Select(r => r.Sentence)));
    }

    [Fact]
    public void A_sentence_under_two_labels_is_dropped_and_a_repeated_line_kept_once()
    {
        var source = Encoding.Latin1.GetBytes("x@neutral\r\nx@positive\r\ny@negative\r\ny@negative\r\nSepp\u00e4l\u00e4@neutral\r\n");
        var read = PhraseBankSource.Read(source, ["negative", "neutral", "positive"]);
        Assert.Equal(["y", "Sepp\u00e4l\u00e4"], read.Sentences.Select(s => s.Sentence));
        Assert.Equal(["x"], read.Conflicting);
        Assert.Equal(1, read.RepeatsDropped);
    }
}
