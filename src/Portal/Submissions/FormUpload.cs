using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Portal.Submissions;

/// <summary>An uploaded form file as the submission store takes it, refusing one over the assignment's limit before reading it.</summary>
public static class FormUpload
{
    public static async Task<SubmissionUpload> ReadAsync(IFormFile? file, SubmissionSpec spec, CancellationToken ct = default)
    {
        if (file is null || file.Length == 0)
            throw new SubmissionRejectedException("no file was chosen");
        SubmissionInspector.CheckSize(file.Length, spec);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return new SubmissionUpload(file.FileName, buffer.ToArray());
    }
}
