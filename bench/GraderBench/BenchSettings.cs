using Course.Contracts.Manifest;

namespace Course.Bench;

/// <summary>What to measure, from the command line: <c>--runs</c> warm grades per side, <c>--uploads</c> and <c>--clients</c> of the burst, <c>--warmup</c> uploads before it.</summary>
public sealed record BenchSettings(string Root, int Runs, int Grades, int Uploads, int Clients, int Slots, string Parts, int WarmupUploads)
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
            PartsOf(args), Get("--warmup", 250));
    }

    /// <summary><c>--parts abcd</c> (the default) runs every part; <c>--parts cd</c> only the bursts. <c>--no-postgres</c> drops (d).</summary>
    static string PartsOf(string[] args)
    {
        var i = Array.IndexOf(args, "--parts");
        var parts = i >= 0 && i + 1 < args.Length ? args[i + 1].ToLowerInvariant() : "abcd";
        if (parts.Length == 0 || parts.Any(p => p is < 'a' or > 'd')) throw new ArgumentException($"--parts takes letters a to d, not '{parts}'");
        return args.Contains("--no-postgres") ? parts.Replace("d", "") : parts;
    }

    public bool Measures(char part) => Parts.Contains(part);

    /// <summary>A data folder of its own for each part, so one part's queue never holds another's jobs.</summary>
    public string NewDataFolder(string part) => Directory.CreateTempSubdirectory($"course-bench-{part}-").FullName;
}
