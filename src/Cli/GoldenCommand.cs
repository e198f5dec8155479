using System.CommandLine;
using Course.Grader.Golden;
using Course.Contracts.Manifest;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary><c>golden ID --out DIR [--seed S]</c>: the reference's inputs and expected outputs for an assignment.</summary>
public static class GoldenCommand
{
    public static Command Create(IServiceProvider services)
    {
        var id = new Argument<string>("assignment") { Description = "assignment id, e.g. a01-attention" };
        var outDir = new Option<string>("--out") { Description = "folder to write the goldens to", Required = true };
        var seed = new Option<long?>("--seed") { Description = "seed (default: the manifest's)" };
        var command = new Command("golden", "write an assignment's generated inputs and expected outputs") { id, outDir, seed };
        command.SetAction(async (parse, ct) =>
        {
            var assignment = services.GetRequiredService<AssignmentCatalog>().Get(parse.GetValue(id)!);
            var target = Path.GetFullPath(parse.GetValue(outDir)!);
            await services.GetRequiredService<GoldenStore>().ExportAsync(assignment, parse.GetValue(seed) ?? assignment.Manifest.Seed, target, ct);
            Console.Error.WriteLine($"wrote inputs.safetensors, expected.safetensors and calls.json to {target}");
            return 0;
        });
        return command;
    }
}
