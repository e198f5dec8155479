using System.CommandLine;
using System.Text.Json;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Score;
using Course.Grader.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// <c>grade --assignment ID --submission PATH [--json]</c>: one submission through the whole pipeline.
/// Exit 0 when graded (whatever the score), 2 when the submission cannot be graded, 3 when the grader fails.
/// </summary>
public static class GradeCommand
{
    public static Command Create(IServiceProvider services)
    {
        var assignmentOption = new Option<string>("--assignment") { Description = "assignment id", Required = true };
        var submissionOption = new Option<FileInfo>("--submission") { Description = "a .py, .ipynb or .zip file", Required = true };
        var jsonOption = new Option<bool>("--json") { Description = "print a Gradescope-style results.json on stdout" };
        var command = new Command("grade", "grade one submission in the sandbox") { assignmentOption, submissionOption, jsonOption };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(submissionOption)!;
            try
            {
                var catalog = services.GetRequiredService<AssignmentCatalog>();
                var id = parse.GetValue(assignmentOption)!;
                // An unknown id is the caller's mistake (exit 2), unlike a broken manifest (exit 3).
                var assignment = catalog.Find(id) ?? throw new SubmissionRejectedException(
                    $"no assignment '{id}' (known: {catalog.KnownIds})");
                if (!file.Exists) throw new SubmissionRejectedException($"{file.FullName} does not exist");
                Console.Error.WriteLine($"grading {TerminalText.Escape(file.Name)} for {assignment.Id} ...");
                var report = await services.GetRequiredService<GradingPipeline>().GradeAsync(
                    assignment, new SubmissionUpload(file.Name, await File.ReadAllBytesAsync(file.FullName, ct)), ct);
                if (parse.GetValue(jsonOption))
                    Console.WriteLine(JsonSerializer.Serialize(ResultsJson.From(report), ResultsJson.Options));
                else
                    PrintTable(report, Console.Out);
                return 0;
            }
            catch (SubmissionRejectedException e)
            {
                // The reason may quote the submission (a zip entry's name).
                Console.Error.WriteLine($"not graded: {TerminalText.Escape(e.Message)}");
                return 2;
            }
            catch (Exception e) when (GraderFailure.Is(e))
            {
                return GraderFailure.Report(e);
            }
        });
        return command;
    }

    /// <summary>The table; every text in it that a submission could have written goes through <see cref="TerminalText"/>.</summary>
    public static void PrintTable(GradeReport report, TextWriter output)
    {
        foreach (var t in report.Tests)
        {
            output.WriteLine($"{(t.Passed ? "PASS" : "FAIL"),-5}{t.Score,5:0.##}/{t.MaxScore,-5:0.##} {TerminalText.Escape(t.Name)} ({t.Visibility.ToName()})");
            if (!t.Passed)
                foreach (var line in TerminalText.EscapeLines(t.Output).Take(6)) output.WriteLine($"       {line}");
        }
        output.WriteLine($"score {report.Score:0.##} / {report.MaxScore:0.##}: {TerminalText.Escape(report.Output)}");
        if (report.Mistake is { } mistake) output.WriteLine(TerminalText.Escape(mistake.Feedback));
    }
}
