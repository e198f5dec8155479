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

var version = new Command("version", "print the reference version");
version.SetAction(_ => Console.WriteLine(GoldenBuilder.Version));

return new RootCommand("TorchSharp reference implementations of the course's models") { golden, version }
    .Parse(args).Invoke();
