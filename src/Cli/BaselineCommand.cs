using System.CommandLine;
using Course.Contracts.Manifest;
using Course.Grader.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// <c>baseline ID</c>: retrains a predictions project's baseline in the reference image, keeps its test predictions
/// in the grader's trusted folder (they are scored against the labels) and writes its macro-F1 on the validation
/// split and on each part of the test split into the manifest. Exit 0 when done, 2 for an unknown id, 3 when the grader fails.
/// </summary>
public static class BaselineCommand
{
    public static Command Create(IServiceProvider services)
    {
        var id = new Argument<string>("assignment") { Description = "assignment id, e.g. final-phrasebank" };
        var command = new Command("baseline", "retrain a project's TorchSharp baseline and record its macro-F1 in the manifest") { id };
        command.SetAction(async (parse, ct) =>
        {
            var catalog = services.GetRequiredService<AssignmentCatalog>();
            if (catalog.Find(parse.GetValue(id)!) is not { Manifest.Baseline: not null, Manifest.Dataset: not null } assignment)
            {
                Console.Error.WriteLine($"baseline: no project with a dataset and a baseline named '{parse.GetValue(id)}'");
                return 2;
            }
            try
            {
                Console.Error.WriteLine($"training the baseline of {assignment.Id} in the reference image ...");
                var trained = await services.GetRequiredService<BaselineRunner>().GetAsync(assignment, retrain: true, ct);
                var data = services.GetRequiredService<ProjectData>();
                var predictions = data.BaselinePredictionsPath(assignment);
                Directory.CreateDirectory(Path.GetDirectoryName(predictions)!);
                await File.WriteAllBytesAsync(predictions, trained.Files["test_predictions.csv"], ct);
                var figures = BaselineFigures.Of(assignment, data, trained.Files["validation_predictions.csv"], trained.Files["test_predictions.csv"]);
                figures["training_seconds"] = Math.Round(trained.Seconds);
                var manifest = assignment.PathOf(ManifestLoader.FileName);
                await File.WriteAllTextAsync(manifest, BaselineRecord.Update(await File.ReadAllTextAsync(manifest, ct), figures), ct);
                Console.Write(System.Text.Encoding.UTF8.GetString(trained.Files["log.txt"]));
                foreach (var (name, value) in figures) Console.WriteLine($"{name}: {value:0.####}");
                Console.WriteLine($"wrote {predictions} and the figures into {manifest}");
                return 0;
            }
            catch (Exception e) when (GraderFailure.Is(e))
            {
                return GraderFailure.Report(e);
            }
        });
        return command;
    }
}
