using System.IO.Compression;
using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Grader.Evaluation;

/// <summary>
/// Checks a project's upload on the host, before anything is kept: a zip (with the checks every zip gets) holding the
/// predictions file at its top level or in one folder, the notebook or code that made it (.ipynb or .py) and the
/// report (.pdf or .md). Nothing in it runs; all of it is kept for the staff.
/// </summary>
public static class ProjectInspector
{
    /// <returns>The predictions file's bytes.</returns>
    public static byte[] Predictions(SubmissionUpload upload, SubmissionSpec spec)
    {
        if (upload.Content.Length == 0) throw new SubmissionRejectedException("the file is empty");
        SubmissionInspector.CheckSize(upload.Content.LongLength, spec);
        var wanted = $"a .zip holding {spec.Predictions}, your notebook or code (.ipynb or .py) and your report (.pdf or .md)";
        if (!upload.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            throw new SubmissionRejectedException($"'{upload.FileName}' is not a zip: upload {wanted}");
        var paths = SubmissionInspector.SafeZipPaths(upload.Content);
        var found = paths.Where(p => p == spec.Predictions || (p.EndsWith("/" + spec.Predictions) && p.Count(c => c == '/') == 1)).ToList();
        if (found.Count == 0) throw new SubmissionRejectedException($"the zip does not contain {spec.Predictions} (at its top level or in one folder): upload {wanted}");
        if (found.Count > 1) throw new SubmissionRejectedException($"the zip holds {spec.Predictions} {found.Count} times ({string.Join(", ", found)}): keep one");
        if (!paths.Any(p => HasSuffix(p, ".ipynb", ".py"))) throw new SubmissionRejectedException($"the zip holds no notebook or code (.ipynb or .py): upload {wanted}");
        var reports = paths.Where(p => HasSuffix(p, ".pdf", ".md")).ToList();
        if (reports.Count == 0) throw new SubmissionRejectedException($"the zip holds no report (.pdf or .md): upload {wanted}");
        using var zip = new ZipArchive(new MemoryStream(upload.Content), ZipArchiveMode.Read);
        foreach (var report in reports) CheckReport(zip, report);
        return Read(zip, found[0]);
    }

    /// <summary>A report the staff cannot open is no report: a PDF starts with %PDF-, Markdown is UTF-8 text.</summary>
    static void CheckReport(ZipArchive zip, string path)
    {
        var bytes = Read(zip, path);
        if (path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) && !bytes.AsSpan().StartsWith("%PDF-"u8))
            throw new SubmissionRejectedException($"the report '{path}' is not a PDF file (it does not start with %PDF-)");
        if (path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            try { _ = new UTF8Encoding(false, true).GetString(bytes); }
            catch (DecoderFallbackException) { throw new SubmissionRejectedException($"the report '{path}' is not UTF-8 text"); }
        }
    }

    static byte[] Read(ZipArchive zip, string path)
    {
        var entry = zip.Entries.First(e => string.Join('/', e.FullName.Replace('\\', '/').Split('/').Where(p => p is not ("" or "."))) == path);
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    static bool HasSuffix(string path, params string[] suffixes) =>
        suffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
}
