using Course.Contracts.Archive;
using System.CommandLine;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Reference.Goldens;

// The reference CLI runs inside the reference image (TorchSharp needs Debian 13's libstdc++).
var assignmentOption = new Option<DirectoryInfo>("--assignment") { Description = "the assignment folder (holding assignment.yaml)" };
var seedOption = new Option<long?>("--seed") { Description = "seed of the generated inputs (default: the manifest's)" };
var outOption = new Option<DirectoryInfo>("--out") { Description = "folder to write inputs.safetensors, expected.safetensors and calls.json to" };
var stdioOption = new Option<bool>("--stdio") { Description = "read a tar holding <id>/assignment.yaml on stdin; write the result frame on stdout" };

var golden = new Command("golden", "write the inputs and expected outputs of an assignment's tests")
{
    assignmentOption, seedOption, outOption, stdioOption,
};
golden.SetAction(parse =>
{
    if (parse.GetValue(stdioOption))
    {
        var work = Directory.CreateTempSubdirectory("golden-");
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        foreach (var (name, content) in TarArchive.Unpack(buffer.ToArray(), 1024 * 1024))
        {
            var path = Path.Combine(work.FullName, Path.GetFileName(Path.GetDirectoryName(name)) ?? "", Path.GetFileName(name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }
        var dir = Directory.EnumerateDirectories(work.FullName).Single();
        var manifest = ManifestLoader.Load(dir).Manifest;
        var files = GoldenBuilder.Build(manifest, parse.GetValue(seedOption) ?? manifest.Seed);
        using var stdout = Console.OpenStandardOutput();
        ResultFrame.Write(stdout, TarArchive.Pack(files.Select(f => new SandboxFile(f.Key, f.Value))));
        return 0;
    }
    var assignment = parse.GetValue(assignmentOption) ?? throw new ArgumentException("--assignment or --stdio is required");
    var outDir = parse.GetValue(outOption) ?? throw new ArgumentException("--out is required");
    var loaded = ManifestLoader.Load(assignment.FullName).Manifest;
    outDir.Create();
    foreach (var (name, content) in GoldenBuilder.Build(loaded, parse.GetValue(seedOption) ?? loaded.Seed))
        File.WriteAllBytes(Path.Combine(outDir.FullName, name), content);
    Console.Error.WriteLine($"wrote goldens of {loaded.Id} to {outDir.FullName}");
    return 0;
});

// The final project's baseline: trained from scratch on the split's files (see SentimentBaseline/).
var dataOption = new Option<DirectoryInfo>("--data") { Description = "folder holding train.csv, validation.csv, test.csv and settings.json" };
var baseline = new Command("baseline", "train the sentiment baseline and predict the validation and test splits")
{
    dataOption, outOption, stdioOption,
};
baseline.SetAction(parse =>
{
    if (parse.GetValue(stdioOption))
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        var outputs = Course.Reference.SentimentBaseline.BaselineRun.Run(TarArchive.Unpack(buffer.ToArray(), 64L * 1024 * 1024));
        using var stdout = Console.OpenStandardOutput();
        ResultFrame.Write(stdout, TarArchive.Pack(outputs.Select(f => new SandboxFile(f.Key, f.Value))));
        return 0;
    }
    var data = parse.GetValue(dataOption) ?? throw new ArgumentException("--data or --stdio is required");
    var outDir = parse.GetValue(outOption) ?? throw new ArgumentException("--out is required");
    var inputs = data.EnumerateFiles().ToDictionary(f => f.Name, f => File.ReadAllBytes(f.FullName));
    outDir.Create();
    foreach (var (name, content) in Course.Reference.SentimentBaseline.BaselineRun.Run(inputs))
        File.WriteAllBytes(Path.Combine(outDir.FullName, name), content);
    Console.Error.Write(File.ReadAllText(Path.Combine(outDir.FullName, "log.txt")));
    return 0;
});

var version = new Command("version", "print the reference version");
version.SetAction(_ => Console.WriteLine(GoldenBuilder.Version));

return new RootCommand("TorchSharp reference implementations of the course's models") { golden, baseline, version }
    .Parse(args).Invoke();
