using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Course.Contracts.Manifest;

namespace Course.Grader.Submissions;

/// <summary>
/// Checks an upload on the host before anything runs, so a wrong or broken file gets a clear
/// message and costs no attempt. What it accepts is what the sandbox runs, so the source a TA reads
/// is the program that was graded: no compiled code, no second copy of a file or a key, no old
/// notebook formats, no magics. The sandbox checks again (it trusts nothing).
/// </summary>
public static class SubmissionInspector
{
    public const int MaxZipEntries = 500;
    public const long MaxZipUnpackedBytes = 32L * 1024 * 1024;

    static readonly string[] CompiledSuffixes = [".pyc", ".pyo", ".so", ".pyd"];
    // A key given twice is refused: the host and the sandbox's json could each take a different one.
    static readonly JsonDocumentOptions NotebookJson = new() { AllowDuplicateProperties = false };
    static readonly Regex GetIpython = new(@"\bget_ipython\b", RegexOptions.CultureInvariant);

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
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content, NotebookJson);
        }
        catch (JsonException e)
        {
            throw new SubmissionRejectedException($"the notebook is not valid JSON ({e.Message}); save it again from Jupyter");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SubmissionRejectedException("the notebook is not a JSON object; save it again from Jupyter");
            // The sandbox reads older formats by converting them, which could run other cells than the ones checked here.
            if (!root.TryGetProperty("nbformat", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version))
                throw new SubmissionRejectedException("the notebook does not say its format version (nbformat); save it again from a current Jupyter");
            if (version != 4)
                throw new SubmissionRejectedException($"the notebook is in format version {version}: convert it to version 4, e.g. by saving it in a current Jupyter");
            if (root.TryGetProperty("worksheets", out _))
                throw new SubmissionRejectedException("the notebook holds both version 4 cells and old-style worksheets; save it again from a current Jupyter");
            if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                throw new SubmissionRejectedException("the notebook has no list of cells; save it from Jupyter as .ipynb (nbformat 4)");
            var number = 0;
            var code = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                number++;
                if (cell.ValueKind != JsonValueKind.Object)
                    throw new SubmissionRejectedException($"cell {number} of the notebook is not a cell; save it again from Jupyter");
                if (!cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "code")
                    continue;
                code++;
                CheckCodeCell(number, CellSource(cell, number));
            }
            if (code == 0)
                throw new SubmissionRejectedException("the notebook has no code cells");
        }
    }

    /// <summary>A cell's source: one string, or a list of strings that join without separators (nbformat's multiline string).</summary>
    static string CellSource(JsonElement cell, int number)
    {
        if (cell.TryGetProperty("source", out var source))
        {
            if (source.ValueKind == JsonValueKind.String)
                return source.GetString()!;
            if (source.ValueKind == JsonValueKind.Array && source.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String))
                return string.Concat(source.EnumerateArray().Select(l => l.GetString()));
        }
        throw new SubmissionRejectedException($"cell {number} of the notebook has no source text; save it again from Jupyter");
    }

    /// <summary>Refuses what IPython runs but Python does not, rather than grade 0 or quietly change the code.</summary>
    static void CheckCodeCell(int number, string source)
    {
        foreach (var line in source.Split('\n', '\r'))
        {
            var text = line.Trim();
            if (text.StartsWith('!') || text.StartsWith('%') || GetIpython.IsMatch(text))
                throw new SubmissionRejectedException(
                    $"cell {number} uses `{(text.Length > 40 ? text[..40] + "…" : text)}`: magics and shell commands cannot run in the grader; remove them");
        }
    }

    /// <summary>Compiled code is run in place of the source beside it (or without any), so the file a TA reads would not be what ran.</summary>
    static bool IsCompiled(string name) =>
        CompiledSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        || name.Split('/').Any(p => p.Equals("__pycache__", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A name a TA could misread or a file system refuses: control characters (a newline starts a fake line in a listing),
    /// invisible format characters (a right-to-left override shows "txt.py" as "yp.txt"), a part longer than 255 bytes.
    /// </summary>
    static void CheckName(string name)
    {
        if (name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            throw new SubmissionRejectedException($"the zip holds a file name with a control or invisible character, '{Escaped(name)}'; rename it");
        if (name.Split('/', '\\').FirstOrDefault(p => Encoding.UTF8.GetByteCount(p) > 255) is { } part)
            throw new SubmissionRejectedException($"the zip holds a name longer than 255 bytes, '{Escaped(part[..40])}…'; rename it");
    }

    static string Escaped(string name) => string.Concat(name.Select(c =>
        c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
        : char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>
    /// Reads an entry whole and checks its length and CRC-32 against its header. A zip bomb that declares small sizes is
    /// cut at them when unpacked (here and in the sandbox), so its checksum no longer matches: refused here, with a
    /// message, rather than failing in the sandbox at the cost of an attempt.
    /// </summary>
    static void CheckData(ZipArchiveEntry entry)
    {
        if (entry.FullName.EndsWith('/') && entry.Length == 0)
            return;
        var crc = new System.IO.Hashing.Crc32();
        long read = 0;
        using (var data = entry.Open())
        {
            var buffer = new byte[81920];
            for (int n; (n = data.Read(buffer)) > 0; read += n)
                crc.Append(buffer.AsSpan(0, n));
        }
        if (read != entry.Length || crc.GetCurrentHashAsUInt32() != entry.Crc32)
            throw new SubmissionRejectedException($"the zip's entry '{Escaped(entry.FullName)}' is damaged (its data does not match the size "
                + "and checksum its header declares); make the zip again");
    }

    static void CheckZip(byte[] content, string module)
    {
        var paths = SafeZipPaths(content);
        if (!paths.Any(path => path == module || (path.EndsWith("/" + module) && path.Count(c => c == '/') == 1)))
            throw new SubmissionRejectedException($"the zip does not contain {module} (at its top level or in one folder)");
    }

    /// <summary>
    /// The files of a zip, each under the one path the sandbox would unpack it to, after the checks every zip gets: at
    /// most <see cref="MaxZipEntries"/> entries and <see cref="MaxZipUnpackedBytes"/> unpacked, no absolute or
    /// climbing paths, no links, no compiled code, no file twice.
    /// </summary>
    public static List<string> SafeZipPaths(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxZipEntries)
                throw new SubmissionRejectedException($"the zip holds {zip.Entries.Count} entries; at most {MaxZipEntries} are accepted");
            long total = 0;
            var files = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains("..") || name.Contains(':'))
                    throw new SubmissionRejectedException($"the zip holds an unsafe path '{entry.FullName}' (absolute or with ..); zip the folder's files only");
                var type = (entry.ExternalAttributes >> 16) & 0xF000; // the Unix file type, where a Unix zip wrote one
                if (type == 0xA000)
                    throw new SubmissionRejectedException($"the zip holds a symbolic link '{entry.FullName}'");
                if (type is not (0 or 0x8000 or 0x4000))
                    throw new SubmissionRejectedException($"the zip holds a special file '{entry.FullName}' (a device, pipe or socket); zip regular files only");
                CheckName(entry.FullName);
                if (IsCompiled(name))
                    throw new SubmissionRejectedException(
                        $"the zip holds compiled code '{entry.FullName}' (.pyc, .pyo, .so, .pyd or __pycache__); zip your .py source files only");
                // Names the sandbox unpacks to one path are one file: "./a//b.py" is "a/b.py".
                var path = string.Join('/', name.Split('/').Where(p => p is not ("" or ".")));
                if (!name.EndsWith('/'))
                {
                    if (!seen.Add(path)) throw new SubmissionRejectedException($"the zip holds '{path}' twice; only one of them would run");
                    files.Add(path);
                }
                total += entry.Length;
            }
            if (total > MaxZipUnpackedBytes)
                throw new SubmissionRejectedException($"the zip unpacks to {total:N0} bytes; at most {MaxZipUnpackedBytes:N0} are accepted");
            if (ZipLayout.FirstOverlap(content) is { } overlapping)
                throw new SubmissionRejectedException($"the zip's entry '{Escaped(overlapping)}' shares its data with another entry; make the zip again");
            // Only now, with the declared sizes known to be small: each entry's data must be what its header declares.
            foreach (var entry in zip.Entries)
                CheckData(entry);
            return files;
        }
        catch (InvalidDataException e)
        {
            throw new SubmissionRejectedException($"the file is not a valid zip archive ({e.Message})");
        }
    }
}
