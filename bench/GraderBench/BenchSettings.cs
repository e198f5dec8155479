using Course.Contracts.Manifest;

namespace Course.Bench;

/// <summary>What to measure, from the command line: <c>--runs</c> warm grades per side, <c>--uploads</c> and <c>--clients</c> of the burst.</summary>
public sealed record BenchSettings(string Root, int Runs, int Grades, int Uploads, int Clients, int Slots, bool Postgres)
{
    public const string Assignment = "a01-attention";

    public string Solution => Path.Combine(Root, "assignments", Assignment, "solution", "attention.py");

    public static BenchSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
        }
        var root = Environment.GetEnvironmentVariable("COURSE_ROOT") is { Length: > 0 } r ? r
            : CourseRoot.FindAbove(Directory.GetCurrentDirectory()) ?? throw new InvalidOperationException("run inside the repository");
        var slots = Get("--slots", Environment.ProcessorCount);
        return new BenchSettings(root, Get("--runs", 10), Get("--grades", 8 * slots), Get("--uploads", 500), Get("--clients", 50), slots,
            !args.Contains("--no-postgres"));
    }

    /// <summary>A data folder of its own for each part, so one part's queue never holds another's jobs.</summary>
    public string NewDataFolder(string part) => Directory.CreateTempSubdirectory($"course-bench-{part}-").FullName;
}
