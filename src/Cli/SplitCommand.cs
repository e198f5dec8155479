using System.CommandLine;
using Course.Contracts.Manifest;
using Course.Grader;
using Course.Grader.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Course.Cli;

/// <summary>
/// <c>split ID</c>: makes a predictions project's split from its source (deterministic given the manifest's
/// dataset seed): the training, validation and test files in the assignment's folder, the test labels in the
/// grader's trusted folder, and the record of counts and hashes. Running it again writes the same bytes.
/// </summary>
public static class SplitCommand
{
    public static Command Create(IServiceProvider services)
    {
        var id = new Argument<string>("assignment") { Description = "assignment id, e.g. final-phrasebank" };
        var command = new Command("split", "make a project's train/validation/test split and its record") { id };
        command.SetAction(parse =>
        {
            var catalog = services.GetRequiredService<AssignmentCatalog>();
            if (catalog.Find(parse.GetValue(id)!) is not { Manifest.Dataset: not null } assignment)
            {
                Console.Error.WriteLine($"split: no project with a dataset named '{parse.GetValue(id)}'");
                return 2;
            }
            var trusted = services.GetRequiredService<IOptions<GraderOptions>>().Value.TrustedPath;
            var (files, record) = SplitFiles.Make(assignment, trusted);
            foreach (var (path, bytes) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
            Console.WriteLine($"{record.Source}: {record.SourceLines} lines, {record.RepeatsDropped} repeats dropped, " +
                              $"{record.ConflictingDropped.Count} sentences with conflicting labels dropped");
            foreach (var f in new[] { record.Train, record.Validation, record.Test, record.Labels })
                Console.WriteLine($"{f.Path,-40} {f.Rows,5} rows  {f.Sha256}  {string.Join(" ", f.Labels.Select(l => $"{l.Key}={l.Value}"))}");
            return 0;
        });
        return command;
    }
}
