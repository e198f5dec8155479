using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Course.Grader.Sandbox;
using Course.Grader.Score;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

/// <summary>
/// Hostile zips and notebooks (docs/hostile-suite.md lists every case), built here from real bytes and sent through
/// the grading pipeline. What the host can tell is wrong is refused before any container starts, with a message and no
/// attempt spent; what it accepts is graded in the sandbox like any other upload.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class HostileArchiveTests(GraderFixture grader)
{
    static readonly string AssignmentDir = Path.Combine(GraderFixture.RepoRoot, "assignments", "a01-attention");
    static readonly string Solution = File.ReadAllText(Path.Combine(AssignmentDir, "solution", "attention.py"));

    Task<GradeReport> Grade(string name, byte[] content) =>
        grader.Pipeline.GradeAsync(grader.Assignment("a01-attention"), new SubmissionUpload(name, content), TestContext.Current.CancellationToken);

    /// <summary>Refused on the host: the message, and no container of this grader was ever started for it.</summary>
    async Task<string> Rejected(string name, byte[] content)
    {
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => Grade(name, content));
        Assert.Empty(await grader.ContainersLabelledAsync($"{SandboxRunner.OwnerLabel}={grader.Sandbox.Owner}"));
        return e.Message;
    }

    delegate void Fill(ZipArchive zip);

    static byte[] Zip(Fill fill)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true))
            fill(zip);
        return buffer.ToArray();
    }

    static void Add(ZipArchive zip, string name, string text, int unixMode = 0)
    {
        var entry = zip.CreateEntry(name);
        if (unixMode != 0)
            entry.ExternalAttributes = unixMode << 16;
        using var w = new StreamWriter(entry.Open());
        w.Write(text);
    }

    /// <summary>One entry of <paramref name="bytes"/> zero bytes, deflated: about a thousand to one.</summary>
    static void AddZeros(ZipArchive zip, string name, long bytes)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        var chunk = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= chunk.Length)
            s.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
    }

    [Fact]
    public async Task Hostile_notebook_with_shell_magics_is_rejected_naming_the_first_before_anything_runs()
    {
        var notebook = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Hostile", "shell_magics.ipynb"));
        Assert.Equal("cell 3 uses `%%bash`: magics and shell commands cannot run in the grader; remove them",
            await Rejected("attention.ipynb", notebook));
    }

    [Fact]
    public async Task Hostile_zip_bomb_by_ratio_is_rejected_from_its_declared_size_without_unpacking()
    {
        // 256 MiB of zeros in a zip of a few hundred KiB: within the upload limit, eight times the unpacked limit.
        var bomb = Zip(zip => { Add(zip, "attention.py", Solution); AddZeros(zip, "weights.bin", 256L << 20); });
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"{bomb.Length:N0} bytes");

        Assert.Equal($"the zip unpacks to {(256L << 20) + Encoding.UTF8.GetByteCount(Solution):N0} bytes; at most 33,554,432 are accepted",
            await Rejected("submission.zip", bomb));
    }

    [Fact]
    public async Task Hostile_zip_bomb_by_count_is_rejected_from_its_directory()
    {
        var bomb = Zip(zip =>
        {
            Add(zip, "attention.py", Solution);
            for (var i = 0; i < 15_000; i++)
                zip.CreateEntry($"{i}.py", CompressionLevel.NoCompression);
        });
        Assert.Equal("the zip holds 15001 entries; at most 500 are accepted", await Rejected("submission.zip", bomb));
    }

    [Fact]
    public async Task Hostile_zip_bomb_that_declares_small_sizes_is_rejected_as_damaged_before_anything_runs()
    {
        // 64 MiB of zeros whose headers (local and central) claim 1 KiB: unpacking stops at the claim, so the checksum fails.
        var bomb = Zip(zip => { Add(zip, "attention.py", Solution); AddZeros(zip, "weights.bin", 64L << 20); });
        var patched = PatchUncompressedSize(bomb, "weights.bin", 1024);

        Assert.Equal("the zip's entry 'weights.bin' is damaged (its data does not match the size and checksum its header declares); make the zip again",
            await Rejected("submission.zip", patched));
    }

    /// <summary>Rewrites the uncompressed size of the named entry in its local header and its central directory record.</summary>
    static byte[] PatchUncompressedSize(byte[] zip, string name, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            var (sizeAt, nameLengthAt, nameAt) = signature switch
            {
                0x04034b50 => (22, 26, 30), // local file header
                0x02014b50 => (24, 28, 46), // central directory record
                _ => (-1, 0, 0),
            };
            if (sizeAt < 0) continue;
            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + nameLengthAt));
            if (i + nameAt + length > bytes.Length || !bytes.AsSpan(i + nameAt, length).SequenceEqual(nameBytes)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + sizeAt), size);
            patched++;
        }
        Assert.Equal(2, patched);
        return bytes;
    }

    [Theory]
    [InlineData("link to the inputs", "data", "/work/in/inputs.safetensors", 0xA1FF, "the zip holds a symbolic link 'data'")]
    [InlineData("link to a folder", "hw", "/work/in", 0xA1FF, "the zip holds a symbolic link 'hw'")]
    [InlineData("named pipe", "fifo", "", 0x11B6, "the zip holds a special file 'fifo' (a device, pipe or socket); zip regular files only")]
    [InlineData("character device", "null", "", 0x21B6, "the zip holds a special file 'null' (a device, pipe or socket); zip regular files only")]
    [InlineData("socket", "sock", "", 0xC1B6, "the zip holds a special file 'sock' (a device, pipe or socket); zip regular files only")]
    public async Task Hostile_zip_with_a_link_or_special_file_is_rejected_naming_it(string why, string entry, string target, int mode, string message)
    {
        _ = why;
        var zip = Zip(z => { Add(z, "attention.py", Solution); Add(z, entry, target, mode); });
        Assert.Equal(message, await Rejected("submission.zip", zip));
    }

    [Fact]
    public async Task Hostile_zip_with_a_hard_linked_file_holds_two_plain_copies_and_is_graded()
    {
        // Zip has no hard-link entry: `zip` stores each name of a hard-linked file as a regular file of its own. The
        // helper and its second name arrive as two files; the module imports one.
        var zip = Zip(z =>
        {
            Add(z, "hw/helpers.py", Solution, 0x81A4);
            Add(z, "hw/helpers_link.py", Solution, 0x81A4);
            Add(z, "hw/attention.py", "from helpers_link import scaled_dot_product_attention, multi_head_attention\n", 0x81A4);
        });
        var report = await Grade("submission.zip", zip);
        Assert.Equal(100, report.Score);
    }

    [Fact]
    public async Task Hostile_zip_whose_names_share_one_local_record_is_rejected()
    {
        // The trick of non-recursive zip bombs: a second name in the central directory pointing at the first's data.
        var zip = Zip(z => { Add(z, "attention.py", Solution); Add(z, "helpers.py", Solution); });
        var end = zip.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        var directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var second = directory + 46 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(directory + 28))
            + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(directory + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(directory + 32));
        Assert.Equal("helpers.py", Encoding.UTF8.GetString(zip, second + 46, 10));
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(second + 42), 0); // helpers.py's data is now attention.py's

        Assert.Equal("the zip's entry 'helpers.py' shares its data with another entry; make the zip again", await Rejected("submission.zip", zip));
    }

    [Theory]
    [InlineData("notes\nattention.py", @"the zip holds a file name with a control or invisible character, 'notes\nattention.py'; rename it")]
    [InlineData("a\r\u001b[2Jb.py", @"the zip holds a file name with a control or invisible character, 'a\r\u001b[2Jb.py'; rename it")]
    [InlineData("evil\u202Eyp.txt", @"the zip holds a file name with a control or invisible character, 'evil\u202eyp.txt'; rename it")]
    [InlineData("attention.py\u200B", @"the zip holds a file name with a control or invisible character, 'attention.py\u200b'; rename it")]
    public async Task Hostile_zip_with_a_newline_or_invisible_character_in_a_name_is_rejected_showing_it_escaped(string name, string message)
    {
        var zip = Zip(z => { Add(z, "attention.py", Solution); Add(z, name, "x = 1\n"); });
        Assert.Equal(message, await Rejected("submission.zip", zip));
    }

    [Fact]
    public async Task Hostile_zip_with_a_name_longer_than_the_file_system_takes_is_rejected()
    {
        var zip = Zip(z => { Add(z, "attention.py", Solution); Add(z, new string('é', 200) + ".py", "x = 1\n"); });
        Assert.Equal($"the zip holds a name longer than 255 bytes, '{new string('é', 40)}…'; rename it", await Rejected("submission.zip", zip));
    }

    [Fact]
    public async Task Hostile_unicode_names_in_a_zip_and_an_upload_name_with_a_newline_are_graded_as_any_other()
    {
        // Letters of any script are fine names; the helper's Unicode name is also a Python identifier.
        var zip = Zip(z =>
        {
            Add(z, "données/outils_é.py", Solution);
            Add(z, "données/注意.txt", "notes\n");
            Add(z, "données/attention.py", "from outils_é import scaled_dot_product_attention, multi_head_attention\n");
        });
        Assert.Equal(100, (await Grade("soumission.zip", zip)).Score);

        // The upload's own name never becomes a path (the sandbox calls it upload.py): a newline in it changes nothing.
        Assert.Equal(100, (await Grade("atten\ntion\u202E.py", Encoding.UTF8.GetBytes(Solution))).Score);
        Assert.Empty(await grader.ContainersLabelledAsync($"{SandboxRunner.OwnerLabel}={grader.Sandbox.Owner}"));
    }
}
