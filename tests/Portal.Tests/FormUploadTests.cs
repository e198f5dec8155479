using Course.Contracts.Manifest;
using Course.Grader.Submissions;
using Course.Portal.Submissions;
using Microsoft.AspNetCore.Http;

namespace Course.Portal.Tests;

public sealed class FormUploadTests
{
    static IFormFile File(string name, byte[] content) =>
        new FormFile(new MemoryStream(content), 0, content.Length, "file", name);

    [Fact]
    public async Task An_empty_file_is_refused_as_empty_and_no_file_as_none_chosen()
    {
        var spec = new SubmissionSpec { Module = "attention.py", MaxBytes = 1024 };
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("the file is empty", (await Assert.ThrowsAsync<SubmissionRejectedException>(() => FormUpload.ReadAsync(File("attention.py", []), spec, ct))).Message);
        Assert.Equal("no file was chosen", (await Assert.ThrowsAsync<SubmissionRejectedException>(() => FormUpload.ReadAsync(File("", []), spec, ct))).Message);
        Assert.Equal("no file was chosen", (await Assert.ThrowsAsync<SubmissionRejectedException>(() => FormUpload.ReadAsync(null, spec, ct))).Message);
        Assert.Equal("x = 1\n"u8.ToArray(), (await FormUpload.ReadAsync(File("attention.py", "x = 1\n"u8.ToArray()), spec, ct)).Content);
    }
}
