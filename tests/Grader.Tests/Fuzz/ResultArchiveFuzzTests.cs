using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Grader.Pipeline;
using Course.Grader.Sandbox;
using Course.Grader.Score;

namespace Course.Grader.Tests.Fuzz;

/// <summary>
/// What comes back from the sandbox, from the frame down: thousands of damaged frames, tar archives, status.json files
/// and outputs, generated with a fixed seed. The frame and tar readers return a result or their format error
/// (<see cref="InvalidDataException"/>) and never allocate much more than they were given; the harness result is read
/// without an exception, and everything in it is checked and capped.
/// </summary>
public sealed class ResultArchiveFuzzTests
{
    const int Seed = 20270102;
    const int Cases = 4000;
    static readonly string[] Tests = ["a", "b", "c"];

    static readonly byte[] Status = Encoding.UTF8.GetBytes("""
        {"tests": {"a": {"status": "ok", "seconds": 0.01},
                   "b": {"status": "ok", "seconds": 0.02},
                   "c": {"status": "error", "message": "ValueError: no", "traceback": "Traceback:\n  line 1", "seconds": 0.5}},
         "logs": {"stdout": {"text": "hello\n", "total_bytes": 6, "truncated": false},
                  "stderr": {"text": "", "total_bytes": 2000000, "truncated": true}},
         "memory_peak_bytes": 52428800}
        """);

    static readonly byte[] OutputA = SafeTensors.Write(new Dictionary<string, TensorData>
    {
        ["a/output"] = TensorData.FromDoubles([1, 2, 3, 4], 2, 2),
        ["a/weights"] = TensorData.FromDoubles([0.5, 0.5], 1, 2),
    });

    static readonly byte[] OutputB = SafeTensors.Write(new Dictionary<string, TensorData> { ["b/output"] = TensorData.FromFloats([7], 1) });

    static SandboxFile[] Files(byte[] status, byte[] a, byte[] b) =>
        [new("status.json", status), new("outputs/a.safetensors", a), new("outputs/b.safetensors", b)];

    /// <summary>Valid archives as .NET (PAX), Python (ustar) and GNU tar (a long name) write them.</summary>
    static readonly byte[][] Archives =
    [
        TarArchive.Pack(Files(Status, OutputA, OutputB)),
        Written(TarEntryFormat.Ustar, Files(Status, OutputA, OutputB)),
        Written(TarEntryFormat.Gnu, [.. Files(Status, OutputA, OutputB), new(new string('d', 150) + "/long.txt", [1, 2, 3])]),
        [.. TarBytes.Pax(("path", "status.json"), ("mtime", "0")), .. TarBytes.Entry("ignored", '0', Status),
         .. TarBytes.Entry("outputs/a.safetensors", '0', OutputA), .. TarBytes.End],
    ];

    [Fact]
    public void Damaged_frames_and_archives_give_a_result_or_a_format_error_and_never_a_large_allocation()
    {
        var fuzz = new HostileBytes(Seed);
        int unpacked = 0, refused = 0, graded = 0;
        var reasons = new HashSet<string>();
        for (var i = 0; i < Cases; i++)
        {
            var stdout = Mutate(fuzz);
            try
            {
                var payload = ResultFrame.Find(stdout);
                if (payload is not null)
                {
                    Assert.True(payload.Length <= stdout.Length);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        var files = TarArchive.Unpack(payload, i % 8 == 0 ? 200 : 1024 * 1024); // sometimes a cap the files exceed
                        Assert.True(files.Values.Sum(f => (long)f.Length) <= payload.Length, $"case {i} copied more than the archive holds");
                        unpacked++;
                    }
                    catch (InvalidDataException e)
                    {
                        refused++;
                        reasons.UnionWith(Reasons.Where(e.Message.Contains));
                    }
                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.True(allocated < 8L * payload.Length + (1 << 20), $"case {i}: {allocated:N0} bytes allocated to unpack {payload.Length:N0}");
                }

                var result = HarnessResult.Read(Sandbox(stdout), "", Tests);
                if (result.Problem is null)
                {
                    AssertChecked(result);
                    graded++;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Assert.True(unpacked > Cases / 4 && refused > Cases / 10 && graded > Cases / 4, $"{unpacked} unpacked, {refused} refused, {graded} graded");
        Assert.Empty(Reasons.Except(reasons));
    }

    /// <summary>Every check of the tar reader is reached.</summary>
    static readonly string[] Reasons =
        ["damaged header", "declares", "ends inside a header", "over the", "damaged PAX header", "negative or huge number", "not octal"];

    [Fact]
    public void The_generator_is_deterministic()
    {
        var one = new HostileBytes(Seed);
        var two = new HostileBytes(Seed);
        for (var i = 0; i < 100; i++)
            Assert.Equal(Mutate(one), Mutate(two));
    }

    /// <summary>Only the manifest's tests, known statuses, and text that is capped and free of control characters.</summary>
    static void AssertChecked(HarnessResult result)
    {
        var report = result.Report!;
        Assert.Subset(Tests.ToHashSet(), report.Tests.Keys.ToHashSet());
        foreach (var (_, status) in report.Tests)
        {
            Assert.Contains(status.Status, new[] { "ok", "error", "timeout", "crashed" });
            AssertClean(status.Message, SandboxText.MaxMessageChars);
            AssertClean(status.Traceback, SandboxText.MaxTracebackChars);
            Assert.True(status.Seconds is null || (double.IsFinite(status.Seconds.Value) && status.Seconds >= 0));
        }
        AssertClean(report.Stdout, SandboxText.MaxLogChars);
        AssertClean(report.Stderr, SandboxText.MaxLogChars);
        Assert.True(report.MemoryPeakBytes is null or >= 0);
        Assert.All(result.Outputs.Keys, key => Assert.Contains(report.Tests, t => t.Value.Status == "ok" && key.StartsWith(t.Key + "/")));
    }

    static void AssertClean(string text, int cap)
    {
        Assert.NotNull(text);
        Assert.True(text.Length <= cap + 200, $"{text.Length} characters");
        Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\t'));
    }

    static SandboxResult Sandbox(byte[] stdout) =>
        new(0, false, false, new CapturedOutput(stdout, stdout.Length), new CapturedOutput([], 0), "sha256:test", TimeSpan.Zero);

    /// <summary>A framed archive with one to three kinds of damage: to its status.json, its outputs, its headers, its bytes or its frame.</summary>
    static byte[] Mutate(HostileBytes fuzz)
    {
        var archive = fuzz.Pick(Archives);
        var stdout = (byte[]?)null;
        for (var n = fuzz.Random.Next(1, 4); n > 0; n--)
        {
            switch (fuzz.Random.Next(10))
            {
                case 0 or 1:
                    archive = TarArchive.Pack(Files(Json(fuzz, Status), OutputA, OutputB));
                    break;
                case 2:
                    archive = TarArchive.Pack(Files(Status, fuzz.Raw(OutputA), fuzz.Random.Next(2) == 0 ? Header(fuzz, OutputB) : OutputB));
                    break;
                case 3 or 4:
                    archive = DamageHeader(fuzz, archive);
                    break;
                case 5:
                    archive = fuzz.Raw(archive);
                    break;
                default:
                    stdout = DamageFrame(fuzz, stdout ?? Frame(archive));
                    break;
            }
        }
        return stdout ?? Frame(archive);
    }

    /// <summary>A mutation of status.json.</summary>
    static byte[] Json(HostileBytes fuzz, byte[] json)
    {
        var mutated = fuzz.MutateJson(json);
        if (fuzz.Random.Next(3) == 0)
            try { mutated = fuzz.MutateJson(mutated); } catch (JsonException) { }
        return mutated;
    }

    /// <summary>A mutation of a safetensors file's header, its length prefix written to match.</summary>
    static byte[] Header(HostileBytes fuzz, byte[] file)
    {
        var length = (int)BitConverter.ToInt64(file);
        var header = fuzz.MutateJson(file[8..(8 + length)]);
        return [.. BitConverter.GetBytes((long)header.Length), .. header, .. file[(8 + length)..]];
    }

    /// <summary>A header field (size, type, name, checksum) overwritten, its checksum usually made right again so the damage gets read.</summary>
    static byte[] DamageHeader(HostileBytes fuzz, byte[] archive)
    {
        var copy = (byte[])archive.Clone();
        var headers = Enumerable.Range(0, copy.Length / 512).Where(b => copy.AsSpan(b * 512 + 257, 5).SequenceEqual("ustar"u8)).ToList();
        if (headers.Count == 0) return fuzz.Raw(copy);
        var header = copy.AsSpan(fuzz.Pick(headers) * 512, 512);
        switch (fuzz.Random.Next(5))
        {
            case 0 or 1:
                TarBytes.Octal(fuzz.Number()).CopyTo(header[124..]);
                break;
            case 2:
                header[156] = (byte)fuzz.Pick("0x gLK57\0"u8.ToArray());
                break;
            case 3:
                for (var i = 124; i < 136; i++) header[i] = (byte)fuzz.Random.Next(256);
                break;
            default:
                header[fuzz.Random.Next(512)] = (byte)fuzz.Random.Next(256);
                break;
        }
        if (fuzz.Random.Next(4) != 0) TarBytes.SetChecksum(header);
        return copy;
    }

    static byte[] DamageFrame(HostileBytes fuzz, byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        switch (fuzz.Random.Next(4))
        {
            case 0:
                var at = copy.AsSpan().LastIndexOf("COURSE-RESULT 1\n"u8) + 16;
                if (at >= 16 && at + 8 <= copy.Length) BitConverter.GetBytes(fuzz.Number()).CopyTo(copy, at);
                return copy;
            case 1:
                return copy[..fuzz.Random.Next(copy.Length)];
            case 2:
                return [.. Encoding.ASCII.GetBytes("COURSE-RESULT 1\n"), .. BitConverter.GetBytes(fuzz.Number()), .. copy];
            default:
                return fuzz.Raw(copy);
        }
    }

    static byte[] Frame(byte[] archive)
    {
        using var stdout = new MemoryStream();
        stdout.Write("library noise\n"u8);
        ResultFrame.Write(stdout, archive);
        return stdout.ToArray();
    }

    static byte[] Written(TarEntryFormat format, IEnumerable<SandboxFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
            foreach (var file in files)
                writer.WriteEntry(format switch
                {
                    TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, file.Path) { DataStream = new MemoryStream(file.Content) },
                    _ => new GnuTarEntry(TarEntryType.RegularFile, file.Path) { DataStream = new MemoryStream(file.Content) },
                });
        return buffer.ToArray();
    }
}
