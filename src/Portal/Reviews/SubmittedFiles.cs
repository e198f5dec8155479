using System.IO.Compression;
using Course.Grader.Submissions;

namespace Course.Portal.Reviews;

/// <summary>
/// The files of a stored submission, for the review page: the entries of a zip (folders skipped, names as written),
/// or the single uploaded file. Uploads were inspected when they arrived (entry count and unpacked size capped), and
/// the caps hold here again in case the limits changed since.
/// </summary>
public static class SubmittedFiles
{
    public static IReadOnlyList<SubmittedFile> Open(SubmissionUpload upload)
    {
        if (!upload.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return [new SubmittedFile(0, Path.GetFileName(upload.FileName), upload.Content)];
        var files = new List<SubmittedFile>();
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(upload.Content), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || files.Count >= SubmissionInspector.MaxZipEntries) continue;
                total += entry.Length;
                if (total > SubmissionInspector.MaxZipUnpackedBytes) break;
                using var stream = entry.Open();
                var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                files.Add(new SubmittedFile(files.Count, entry.FullName, buffer.ToArray()));
            }
        }
        catch (InvalidDataException)
        {
            // An upload that was accepted is a valid zip; if the store's copy is not, show it as one opaque file.
            return [new SubmittedFile(0, Path.GetFileName(upload.FileName), upload.Content)];
        }
        return files;
    }
}
