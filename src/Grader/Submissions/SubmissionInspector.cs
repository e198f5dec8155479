using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Course.Contracts.Manifest;

namespace Course.Grader.Submissions;

/// <summary>
/// Checks an upload on the host before anything runs, so a wrong or broken file gets a clear
/// message and costs no attempt. The sandbox checks archives again (it trusts nothing).
/// </summary>
public static class SubmissionInspector
{
    public const int MaxZipEntries = 500;
    public const long MaxZipUnpackedBytes = 32L * 1024 * 1024;

    /// <summary>Refuses a file over the assignment's limit; callers that know the length before reading the file call it first.</summary>
    public static void CheckSize(long length, SubmissionSpec spec)
    {
        if (length > spec.MaxBytes)
            throw new SubmissionRejectedException($"the file is {length:N0} bytes; at most {spec.MaxBytes:N0} are accepted");
    }

    /// <returns>The kind the harness loads it as: py, ipynb or zip.</returns>
    public static string Inspect(SubmissionUpload upload, SubmissionSpec spec)
    {
        if (upload.Content.Length == 0)
            throw new SubmissionRejectedException("the file is empty");
        CheckSize(upload.Content.LongLength, spec);
        var extension = Path.GetExtension(upload.FileName).ToLowerInvariant();
        switch (extension)
        {
            case ".py": CheckPython(upload.Content, upload.FileName); return "py";
            case ".ipynb": CheckNotebook(upload.Content); return "ipynb";
            case ".zip": CheckZip(upload.Content, spec.Module); return "zip";
            default:
                throw new SubmissionRejectedException(
                    $"'{upload.FileName}' is not a Python file, a notebook or a zip: upload {spec.Module}, a .ipynb notebook or a .zip holding {spec.Module}");
        }
    }

    static void CheckPython(byte[] content, string name)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new SubmissionRejectedException($"'{name}' is not a text file (it is not valid UTF-8): upload Python source code");
        }
        if (text.Contains('\0'))
            throw new SubmissionRejectedException($"'{name}' contains NUL bytes, so it is not Python source code");
    }

    static void CheckNotebook(byte[] content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            if (!doc.RootElement.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                throw new SubmissionRejectedException("the notebook has no list of cells; save it from Jupyter as .ipynb (nbformat 4)");
            if (!cells.EnumerateArray().Any(c => c.TryGetProperty("cell_type", out var t) && t.GetString() == "code"))
                throw new SubmissionRejectedException("the notebook has no code cells");
        }
        catch (JsonException e)
        {
            throw new SubmissionRejectedException($"the notebook is not valid JSON ({e.Message}); save it again from Jupyter");
        }
    }

    static void CheckZip(byte[] content, string module)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxZipEntries)
                throw new SubmissionRejectedException($"the zip holds {zip.Entries.Count} entries; at most {MaxZipEntries} are accepted");
            long total = 0;
            var found = false;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains("..") || name.Contains(':'))
                    throw new SubmissionRejectedException($"the zip holds an unsafe path '{entry.FullName}' (absolute or with ..); zip the folder's files only");
                if (((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000)
                    throw new SubmissionRejectedException($"the zip holds a symbolic link '{entry.FullName}'");
                total += entry.Length;
                found |= name == module || (name.EndsWith("/" + module) && name.Count(c => c == '/') == 1);
            }
            if (total > MaxZipUnpackedBytes)
                throw new SubmissionRejectedException($"the zip unpacks to {total:N0} bytes; at most {MaxZipUnpackedBytes:N0} are accepted");
            if (!found)
                throw new SubmissionRejectedException($"the zip does not contain {module} (at its top level or in one folder)");
        }
        catch (InvalidDataException e)
        {
            throw new SubmissionRejectedException($"the file is not a valid zip archive ({e.Message})");
        }
    }
}
