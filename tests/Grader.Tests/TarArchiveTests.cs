using System.Formats.Tar;
using System.Text;
using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Grader.Tests.Fuzz;

namespace Course.Grader.Tests;

/// <summary>The tar reader and the result frame: what the sandbox sends back, read as hostile input.</summary>
public sealed class TarArchiveTests
{
    static readonly byte[] Content = Encoding.UTF8.GetBytes("{\"tests\": {}}");

    [Fact]
    public void Packed_files_unpack_with_their_names_and_contents()
    {
        var files = TarArchive.Unpack(TarArchive.Pack([new("status.json", Content), new("outputs/a.safetensors", [1, 2, 3]), new("empty", [])]), 1024);
        Assert.Equal(["status.json", "outputs/a.safetensors", "empty"], files.Keys);
        Assert.Equal(Content, files["status.json"]);
        Assert.Equal([1, 2, 3], files["outputs/a.safetensors"]);
        Assert.Empty(files["empty"]);
    }

    [Theory]
    [InlineData(TarEntryFormat.V7)]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Every_format_tar_writers_use_is_read_with_long_names_and_folders_skipped(TarEntryFormat format)
    {
        // V7 has no room for a long name; ustar splits it into prefix and name; PAX and GNU write it in an entry of its own.
        var longName = (format == TarEntryFormat.V7 ? "" : string.Join("/", Enumerable.Repeat("folder", 20)) + "/") + "outputs/a.safetensors";
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            writer.WriteEntry(Entry(format, format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile, longName, Content));
            writer.WriteEntry(Entry(format, TarEntryType.Directory, "outputs/", null));
        }
        var files = TarArchive.Unpack(buffer.ToArray(), 1024);
        Assert.Equal(Content, Assert.Single(files, f => f.Key == longName).Value);
        Assert.Single(files);
    }

    [Theory]
    [InlineData(8L * 1024 * 1024 * 1024 - 1)] // the largest octal size: 8 GB
    [InlineData(long.MaxValue)] // GNU base-256
    public void A_size_larger_than_the_archive_is_refused_before_anything_is_allocated(long size)
    {
        var archive = (byte[])[.. TarBytes.Entry("status.json", '0', Content, declaredSize: size), .. TarBytes.End];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, long.MaxValue));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Contains("declares", e.Message);
    }

    [Theory]
    [InlineData('x')] // PAX attributes
    [InlineData('L')] // a GNU long name
    public void A_huge_attributes_entry_is_refused_before_anything_is_allocated(char type)
    {
        var archive = (byte[])[.. TarBytes.Entry("././@LongLink", type, [], declaredSize: int.MaxValue), .. TarBytes.End];
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, long.MaxValue));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void A_PAX_size_larger_than_the_archive_is_refused()
    {
        var archive = (byte[])[.. TarBytes.Pax(("size", "999999999999")), .. TarBytes.Entry("status.json", '0', Content), .. TarBytes.End];
        Assert.Contains("declares 999,999,999,999 bytes", Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, long.MaxValue)).Message);
    }

    [Fact]
    public void A_PAX_path_names_the_next_file()
    {
        var archive = (byte[])[.. TarBytes.Pax(("path", "status.json")), .. TarBytes.Entry("other", '0', Content), .. TarBytes.End];
        Assert.Equal(["status.json"], TarArchive.Unpack(archive, 1024).Keys);
    }

    [Theory]
    [InlineData("99999 path=x\n")]
    [InlineData("5 a=b\n")]
    [InlineData("abc path=x\n")]
    [InlineData("12 nokeyhere\n")]
    [InlineData("10 size=-5\n")]
    public void A_damaged_PAX_record_is_refused(string records)
    {
        var archive = (byte[])[.. TarBytes.Entry("PaxHeaders/x", 'x', Encoding.ASCII.GetBytes(records)), .. TarBytes.Entry("a", '0', Content), .. TarBytes.End];
        Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, 1024));
    }

    [Fact]
    public void A_header_with_a_wrong_checksum_is_refused()
    {
        var archive = (byte[])[.. TarBytes.Entry("status.json", '0', Content), .. TarBytes.End];
        archive[0] ^= 1;
        Assert.Contains("damaged header", Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, 1024)).Message);
    }

    [Fact]
    public void A_size_that_is_not_octal_is_refused()
    {
        var archive = (byte[])[.. TarBytes.Entry("status.json", '0', Content), .. TarBytes.End];
        "0000000009x\0"u8.CopyTo(archive.AsSpan(124));
        TarBytes.SetChecksum(archive);
        Assert.Contains("not octal", Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, 1024)).Message);
    }

    [Fact]
    public void An_archive_cut_inside_a_header_is_refused_and_one_without_its_end_marker_is_read()
    {
        var archive = TarBytes.Entry("status.json", '0', Content);
        Assert.Equal(["status.json"], TarArchive.Unpack(archive, 1024).Keys);
        Assert.Contains("ends inside a header", Assert.Throws<InvalidDataException>(() => TarArchive.Unpack([.. archive, .. archive[..100]], 1024)).Message);
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_with_its_name_cut_short()
    {
        var archive = (byte[])[.. TarBytes.Pax(("path", new string('n', 5000))), .. TarBytes.Entry("x", '0', new byte[100]), .. TarBytes.End];
        var e = Assert.Throws<InvalidDataException>(() => TarArchive.Unpack(archive, 99));
        Assert.Contains("over the 99 accepted", e.Message);
        Assert.True(e.Message.Length < 200);
    }

    [Fact]
    public void The_last_complete_frame_is_found_after_any_noise()
    {
        using var stdout = new MemoryStream();
        stdout.Write("COURSE-RESULT 1\nnoise from a library\n"u8);
        ResultFrame.Write(stdout, [1, 2, 3]);
        Assert.Equal([1, 2, 3], ResultFrame.Find(stdout.ToArray()));
    }

    [Fact]
    public void Only_a_frame_opened_by_the_job_s_secret_counts_however_many_look_alike_frames_hide_in_it()
    {
        const string secret = "5eb3c0de";
        // What a submission can do: its own frames (with no secret, or a guessed one) inside its outputs and prints,
        // including one that ends exactly where the real one does.
        using var forged = new MemoryStream();
        ResultFrame.Write(forged, [6, 6, 6]);
        using var guessed = new MemoryStream();
        ResultFrame.Write(guessed, [7, 7, 7], "00000000");
        byte[] payload = [.. forged.ToArray(), .. guessed.ToArray(), 1, 2, 3, .. forged.ToArray()];
        using var stdout = new MemoryStream();
        stdout.Write(forged.ToArray());
        ResultFrame.Write(stdout, payload, secret);

        Assert.Equal(payload, ResultFrame.Find(stdout.ToArray(), secret));
        Assert.Null(ResultFrame.Find(forged.ToArray(), secret));
        Assert.Null(ResultFrame.Find(guessed.ToArray(), secret));
        Assert.StartsWith("COURSE-RESULT 1 5eb3c0de\n", System.Text.Encoding.ASCII.GetString(stdout.ToArray()[(int)forged.Length..]));
    }

    [Fact]
    public void Each_job_gets_a_different_unguessable_secret()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => ResultFrame.NewSecret()).ToList();
        Assert.Equal(100, secrets.Distinct().Count());
        Assert.All(secrets, s => Assert.Matches("^[0-9a-f]{48}$", s));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(4L)]
    [InlineData(int.MaxValue + 1L)]
    public void A_frame_whose_length_is_not_what_follows_is_no_frame(long length)
    {
        var frame = (byte[])[.. "COURSE-RESULT 1\n"u8, .. BitConverter.GetBytes(length), 1, 2, 3];
        Assert.Null(ResultFrame.Find(frame));
        Assert.Null(ResultFrame.Find(frame[..20]));
    }

    static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name, byte[]? content)
    {
        TarEntry entry = format switch
        {
            TarEntryFormat.V7 => new V7TarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.Pax => new PaxTarEntry(type, name),
            _ => new GnuTarEntry(type, name),
        };
        if (content is not null) entry.DataStream = new MemoryStream(content);
        return entry;
    }
}
