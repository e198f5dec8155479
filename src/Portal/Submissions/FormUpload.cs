using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Portal.Submissions;

/// <summary>An uploaded form file as the submission store takes it, refusing one over the assignment's limit before reading it.</summary>
public static class FormUpload
{
    public static async Task<SubmissionUpload> ReadAsync(IFormFile? file, SubmissionSpec spec, CancellationToken ct = default)
    {
        // A form posted with no file chosen still sends the part, with an empty name.
        if (file is null || string.IsNullOrEmpty(file.FileName))
            throw new SubmissionRejectedException("no file was chosen");
        if (file.Length == 0)
            throw new SubmissionRejectedException("the file is empty");
        SubmissionInspector.CheckSize(file.Length, spec);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return new SubmissionUpload(file.FileName, buffer.ToArray());
    }
}
