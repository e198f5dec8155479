using System.IO.Compression;
using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

public sealed class SubmissionInspectorTests
{
    static readonly SubmissionSpec Spec = new() { Module = "attention.py", MaxBytes = 4096 };

    static string Reject(string name, byte[] content) =>
        Assert.Throws<SubmissionRejectedException>(() => SubmissionInspector.Inspect(new SubmissionUpload(name, content), Spec)).Message;

    static byte[] Zip(params (string Name, string Text)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, true))
            foreach (var (name, text) in entries)
                using (var w = new StreamWriter(zip.CreateEntry(name).Open())) w.Write(text);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData("attention.py", "py")]
    [InlineData("Attention.PY", "py")]
    public void Python_source_is_accepted(string name, string kind) =>
        Assert.Equal(kind, SubmissionInspector.Inspect(new SubmissionUpload(name, "x = 1\n"u8.ToArray()), Spec));

    [Fact]
    public void A_file_of_the_wrong_type_is_rejected_with_what_to_upload_instead() =>
        Assert.Contains("upload attention.py, a .ipynb notebook or a .zip", Reject("report.pdf", [1, 2, 3]));

    [Fact]
    public void Garbage_bytes_named_py_are_rejected() =>
        Assert.Contains("not valid UTF-8", Reject("attention.py", [0xff, 0xfe, 0x00, 0x81, 0xc3]));

    [Fact]
    public void A_file_over_the_size_limit_is_rejected() =>
        Assert.Contains("at most 4,096", Reject("attention.py", Encoding.UTF8.GetBytes(new string('#', 5000))));

    [Fact]
    public void A_zip_with_parent_paths_is_rejected() =>
        Assert.Contains("unsafe path '../evil.py'", Reject("s.zip", Zip(("attention.py", "x=1"), ("../evil.py", "x=2"))));

    [Fact]
    public void A_zip_without_the_module_is_rejected() =>
        Assert.Contains("does not contain attention.py", Reject("s.zip", Zip(("other.py", "x=1"))));

    [Fact]
    public void A_zip_with_the_module_in_one_folder_is_accepted() =>
        Assert.Equal("zip", SubmissionInspector.Inspect(new SubmissionUpload("s.zip", Zip(("hw/attention.py", "x=1"), ("hw/util.py", ""))), Spec));

    [Fact]
    public void A_broken_zip_is_rejected() =>
        Assert.Contains("not a valid zip", Reject("s.zip", "PK\u0003\u0004 not really"u8.ToArray()));

    [Fact]
    public void A_notebook_that_is_not_json_is_rejected() =>
        Assert.Contains("not valid JSON", Reject("a.ipynb", "{cells: ["u8.ToArray()));
}
