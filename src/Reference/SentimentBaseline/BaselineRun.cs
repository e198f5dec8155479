using System.Text;
using System.Text.Json;

namespace Course.Reference.SentimentBaseline;

/// <summary>
/// <c>reference baseline</c>'s work on files: given train.csv, validation.csv, test.csv and settings.json
/// (<c>{"seed": S, "classes": [...]}</c>), the trained weights (TorchSharp's format), the validation and test
/// predictions (<c>id,label</c>) and the training log.
/// </summary>
public static class BaselineRun
{
    public static IReadOnlyDictionary<string, byte[]> Run(IReadOnlyDictionary<string, byte[]> inputs)
    {
        byte[] Input(string name) => inputs.TryGetValue(name, out var bytes) ? bytes : throw new ArgumentException($"no {name} among the inputs");
        using var settingsJson = JsonDocument.Parse(Input("settings.json"));
        var settings = new BaselineSettings(settingsJson.RootElement.GetProperty("seed").GetInt64(),
            settingsJson.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList());
        var result = BaselineTrainer.Train(SplitCsvFile.Read(Input("train.csv")), SplitCsvFile.Read(Input("validation.csv")),
            SplitCsvFile.Read(Input("test.csv")), settings);
        return new Dictionary<string, byte[]>
        {
            ["weights.dat"] = result.Weights,
            ["validation_predictions.csv"] = SplitCsvFile.Predictions(result.Validation),
            ["test_predictions.csv"] = SplitCsvFile.Predictions(result.Test),
            ["log.txt"] = Encoding.UTF8.GetBytes(result.Log),
        };
    }
}
