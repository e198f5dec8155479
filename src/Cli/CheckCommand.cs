using System.CommandLine;
using Course.Grader.Authoring;
using Course.Contracts.Manifest;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// <c>check ID... | --all</c>: grades each assignment's solution, mutants and starter through the real sandbox and
/// prints a table. Exit 0 when nothing surprised, 1 when something did, 2 for an unknown id, 3 when the grader fails.
/// </summary>
public static class CheckCommand
{
    public static Command Create(IServiceProvider services)
    {
        var ids = new Argument<string[]>("id") { Description = "assignment ids", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "check every assignment in the course" };
        var command = new Command("check", "grade each assignment's solution, mutants and starter, and say what surprised") { ids, all };
        command.SetAction(async (parse, ct) =>
        {
            var catalog = services.GetRequiredService<AssignmentCatalog>();
            var wanted = parse.GetValue(ids) ?? [];
            if (parse.GetValue(all) == (wanted.Length > 0))
            {
                Console.Error.WriteLine("check: name assignment ids or say --all (not both)");
                return 2;
            }
            var unknown = wanted.Where(id => catalog.Find(id) is null).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"check: no assignment {string.Join(", ", unknown)} (known: {catalog.KnownIds})");
                return 2;
            }
            var assignments = parse.GetValue(all) ? catalog.All : wanted.Select(catalog.Get).ToList();
            var checker = services.GetRequiredService<AssignmentChecker>();
            var rows = new List<CheckRow>();
            try
            {
                foreach (var a in assignments)
                {
                    Console.Error.WriteLine($"checking {a.Id} ({a.Manifest.Alternatives.Count} alternatives, {a.Manifest.Mutants.Count} mutants) ...");
                    rows.AddRange(await checker.CheckAsync(a, ct));
                }
            }
            catch (Exception e) when (GraderFailure.Is(e))
            {
                return GraderFailure.Report(e);
            }
            Print(rows);
            var surprises = rows.Count(r => !r.Ok);
            Console.WriteLine(surprises == 0
                ? $"{rows.Count} files checked in {assignments.Count} assignments: no surprises"
                : $"{surprises} of {rows.Count} files surprised");
            return surprises == 0 ? 0 : 1;
        });
        return command;
    }

    static void Print(IReadOnlyList<CheckRow> rows)
    {
        var fileWidth = rows.Select(r => TerminalText.Escape(r.File).Length).DefaultIfEmpty(4).Max();
        var idWidth = rows.Select(r => r.Assignment.Length).DefaultIfEmpty(10).Max();
        Console.WriteLine($"{"",-4} {"assignment".PadRight(idWidth)}  {"role",-11} {"file".PadRight(fileWidth)}  {"score",9}  result");
        foreach (var r in rows)
        {
            // What a graded file got is feedback its code could have written.
            Console.WriteLine($"{(r.Ok ? "ok" : "FAIL"),-4} {r.Assignment.PadRight(idWidth)}  {r.Role,-11} {TerminalText.Escape(r.File).PadRight(fileWidth)}  {r.Score,4:0.##}/{r.MaxScore,-4:0.##}  {TerminalText.Escape(r.Got)}");
            if (!r.Ok) Console.WriteLine($"{"",-4} {"".PadRight(idWidth)}  {"",-11} {"".PadRight(fileWidth)}  {"",9}  expected: {TerminalText.Escape(r.Expected)}");
        }
    }
}
