using System.IO.Compression;
using System.Text;
using System.Text.Json;
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

    static byte[] Notebook(params object[] codeCellSources) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        nbformat = 4, nbformat_minor = 5, metadata = new { },
        cells = new object[] { new { cell_type = "markdown", metadata = new { }, source = "# Attention" } }
            .Concat(codeCellSources.Select(source => new { cell_type = "code", metadata = new { }, execution_count = (int?)null, outputs = Array.Empty<object>(), source }))
            .ToArray(),
    });

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

    [Theory]
    [InlineData("__pycache__/attention.cpython-313.pyc")]
    [InlineData("hw/__pycache__/attention.cpython-313.pyc")]
    [InlineData("hw/__pycache__/")]
    [InlineData("helpers.pyc")]
    [InlineData("helpers.PYO")]
    [InlineData("fast.cpython-313-x86_64-linux-gnu.so")]
    [InlineData("fast.pyd")]
    public void A_zip_with_compiled_code_is_rejected_naming_the_entry(string entry)
    {
        var message = Reject("s.zip", Zip(("attention.py", "x = 1"), (entry, "compiled")));
        Assert.Contains($"compiled code '{entry}'", message);
        Assert.Contains("zip your .py source files only", message);
    }

    [Fact]
    public void A_zip_that_holds_a_file_twice_is_rejected() =>
        Assert.Contains("holds 'hw/attention.py' twice", Reject("s.zip", Zip(("hw/attention.py", "x=1"), ("hw//./attention.py", "x=2"))));

    [Fact]
    public void A_version_4_notebook_with_code_cells_given_as_line_lists_is_accepted() =>
        Assert.Equal("ipynb", SubmissionInspector.Inspect(new SubmissionUpload("a.ipynb", Notebook(new[] { "import numpy as np\n", "x = 100 % 7\n" }, "y = 1")), Spec));

    [Fact]
    public void A_version_3_notebook_is_rejected_with_how_to_convert_it()
    {
        // The sandbox would run the worksheets, not the cells the host read.
        var v3 = """{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": [{"cell_type": "code", "source": "x = 1"}], "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 2"}]}]}""";
        Assert.Contains("format version 3: convert it to version 4, e.g. by saving it in a current Jupyter", Reject("a.ipynb", Encoding.UTF8.GetBytes(v3)));
    }

    [Fact]
    public void A_version_4_notebook_that_also_has_worksheets_is_rejected()
    {
        var both = """{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "x = 1"}], "worksheets": []}""";
        Assert.Contains("both version 4 cells and old-style worksheets", Reject("a.ipynb", Encoding.UTF8.GetBytes(both)));
    }

    [Theory]
    [InlineData("""{"cells": [{"cell_type": "code", "source": "x = 1"}]}""", "does not say its format version")]
    [InlineData("""{"nbformat": "4", "cells": [{"cell_type": "code", "source": "x = 1"}]}""", "does not say its format version")]
    [InlineData("""[1, 2]""", "not a JSON object")]
    [InlineData("""{"nbformat": 4, "cells": [7]}""", "cell 1 of the notebook is not a cell")]
    [InlineData("""{"nbformat": 4, "cells": [{"cell_type": "code"}]}""", "cell 1 of the notebook has no source text")]
    [InlineData("""{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1", "source": "x = 2"}]}""", "not valid JSON")]
    public void A_notebook_that_the_sandbox_could_read_differently_is_rejected(string json, string message) =>
        Assert.Contains(message, Reject("a.ipynb", Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("import torch\n!pip install torch", "`!pip install torch`")]
    [InlineData("%matplotlib inline\nimport numpy", "`%matplotlib inline`")]
    [InlineData("%%time\nx = 1", "`%%time`")]
    [InlineData("x = 1\r\n    !ls -la", "`!ls -la`")]
    [InlineData("ip = get_ipython()\nip.system('ls')", "`ip = get_ipython()`")]
    [InlineData("!pip install --quiet --upgrade numpy torch safetensors nbformat", "`!pip install --quiet --upgrade numpy tor…`")]
    public void A_notebook_with_magics_or_shell_commands_is_rejected_naming_the_cell(string source, string shown) =>
        Assert.Contains($"cell 3 uses {shown}: magics and shell commands cannot run in the grader; remove them",
            Reject("a.ipynb", Notebook("x = 1", source)));

    [Fact]
    public void A_magic_split_across_a_cell_s_line_list_is_found() =>
        Assert.Contains("cell 2 uses `!ls`", Reject("a.ipynb", Notebook(new object[] { new[] { "import os\n", "!", "ls\n" } })));
}
