using System.Diagnostics;
using static TorchSharp.torch;

namespace Course.Reference.SentimentBaseline;

/// <summary>
/// Trains the <see cref="BagOfNgramsClassifier"/> from scratch on the training split, deterministically given the
/// seed (CPU, one thread, every draw from the seeded global generator), and predicts the validation and test splits.
/// </summary>
public static class BaselineTrainer
{
    public sealed record Result(byte[] Weights, IReadOnlyList<(string Id, string Label)> Validation, IReadOnlyList<(string Id, string Label)> Test,
        double ValidationMacroF1, int BestEpoch, string Log);

    public static Result Train(IReadOnlyList<LabelledRow> train, IReadOnlyList<LabelledRow> validation, IReadOnlyList<LabelledRow> test, BaselineSettings settings)
    {
        set_num_threads(1);
        manual_seed(settings.Seed);
        var log = new System.Text.StringBuilder();
        var watch = Stopwatch.StartNew();
        var vocabulary = Vocabulary.Build(train.Select(r => r.Sentence), settings.MinCount);
        var classes = settings.Classes;
        long LabelOf(LabelledRow r) => classes.ToList().IndexOf(r.Label ?? throw new InvalidDataException($"{r.Id} has no label"));
        var trainLabels = train.Select(LabelOf).ToArray();
        var validationLabels = validation.Select(LabelOf).ToArray();
        var trainBags = train.Select(r => vocabulary.Encode(r.Sentence)).ToArray();
        var counts = Enumerable.Range(0, classes.Count).Select(c => trainLabels.Count(l => l == c)).ToArray();
        using var classWeights = tensor(counts.Select(n => (float)train.Count / (classes.Count * n)).ToArray());

        var model = new BagOfNgramsClassifier(vocabulary.Count, settings.Dimensions, classes.Count);
        var optimizer = optim.Adam(model.parameters(), lr: settings.LearningRate);
        var weightsFile = Path.GetTempFileName();
        double best = -1;
        var bestEpoch = 0;
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            model.train();
            using var order = randperm(train.Count);
            var indices = order.data<long>().ToArray();
            double total = 0;
            for (var start = 0; start < indices.Length; start += settings.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = indices.Skip(start).Take(settings.BatchSize).ToArray();
                var (features, offsets) = Bags(batch.Select(i => trainBags[i]));
                var target = tensor(batch.Select(i => trainLabels[i]).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(features, offsets), target, weight: classWeights);
                loss.backward();
                optimizer.step();
                total += loss.item<float>() * batch.Length;
            }
            var predicted = Predict(model, vocabulary, validation);
            var f1 = MacroF1(validationLabels, predicted, classes.Count);
            log.AppendLine($"epoch {epoch,2}: training loss {total / train.Count:0.0000}, validation macro-F1 {f1:0.0000}");
            if (f1 > best)
            {
                (best, bestEpoch) = (f1, epoch);
                model.save(weightsFile);
            }
        }
        model.load(weightsFile);
        var weights = File.ReadAllBytes(weightsFile);
        File.Delete(weightsFile);
        string Name(long c) => classes[(int)c];
        var validationPredictions = validation.Zip(Predict(model, vocabulary, validation), (r, c) => (r.Id, Name(c))).ToList();
        var testPredictions = test.Zip(Predict(model, vocabulary, test), (r, c) => (r.Id, Name(c))).ToList();
        log.AppendLine($"kept epoch {bestEpoch} (validation macro-F1 {best:0.0000}); vocabulary {vocabulary.Count} features; {watch.Elapsed.TotalSeconds:0.0} s");
        return new Result(weights, validationPredictions, testPredictions, best, bestEpoch, log.ToString());
    }

    static long[] Predict(BagOfNgramsClassifier model, Vocabulary vocabulary, IReadOnlyList<LabelledRow> rows)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (features, offsets) = Bags(rows.Select(r => vocabulary.Encode(r.Sentence)));
        return model.call(features, offsets).argmax(1).data<long>().ToArray();
    }

    /// <summary>EmbeddingBag's input: the bags' ids concatenated, and where each bag starts.</summary>
    static (Tensor Features, Tensor Offsets) Bags(IEnumerable<long[]> bags)
    {
        var list = bags.ToList();
        var offsets = new long[list.Count];
        for (var i = 1; i < list.Count; i++) offsets[i] = offsets[i - 1] + list[i - 1].Length;
        return (tensor(list.SelectMany(b => b).ToArray()), tensor(offsets));
    }

    /// <summary>Unweighted mean over every class of 2TP / (2TP + FP + FN), 0 for a class with none of the three (the grader's definition).</summary>
    public static double MacroF1(long[] truth, long[] predicted, int classes) =>
        Enumerable.Range(0, classes).Average(c =>
        {
            var tp = truth.Zip(predicted).Count(p => p.First == c && p.Second == c);
            var denominator = truth.Count(t => t == c) + predicted.Count(p => p == c);
            return denominator == 0 ? 0 : 2.0 * tp / denominator;
        });
}
