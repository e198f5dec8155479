using Course.Contracts.Archive;
using System.Text;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;

namespace Course.Grader.Tests;

public sealed class SafeTensorsTests
{
    [Fact]
    public void Written_tensors_read_back_with_the_same_dtype_shape_values_and_metadata()
    {
        var tensors = new Dictionary<string, TensorData>
        {
            ["b"] = TensorData.FromFloats([1.5f, -2f, 3.25f, 0f, 1e-3f, 7f], 2, 3),
            ["a"] = TensorData.FromDoubles([Math.PI], 1),
            ["i"] = TensorData.FromInt64s([-4, 5], 2),
        };
        var bytes = SafeTensors.Write(tensors, new Dictionary<string, string> { ["seed"] = "7" });
        var read = SafeTensors.Read(bytes);

        Assert.Equal(["a", "b", "i"], read.Tensors.Keys);
        Assert.Equal("F32", read.Tensors["b"].DType);
        Assert.Equal([2L, 3L], read.Tensors["b"].Shape);
        Assert.Equal([1.5, -2, 3.25, 0, (double)1e-3f, 7], read.Tensors["b"].ToDoubles());
        Assert.Equal([Math.PI], read.Tensors["a"].ToDoubles());
        Assert.Equal([-4.0, 5.0], read.Tensors["i"].ToDoubles());
        Assert.Equal("7", read.Metadata["seed"]);
        Assert.Equal(0, (BitConverter.ToInt64(bytes, 0) + 8) % 8); // data starts 8-byte aligned
    }

    [Fact]
    public void The_same_tensors_always_give_the_same_bytes()
    {
        var one = SafeTensors.Write(new Dictionary<string, TensorData> { ["x"] = TensorData.FromDoubles([1, 2], 2), ["y"] = TensorData.FromDoubles([3], 1) });
        var two = SafeTensors.Write(new Dictionary<string, TensorData> { ["y"] = TensorData.FromDoubles([3], 1), ["x"] = TensorData.FromDoubles([1, 2], 2) });
        Assert.Equal(one, two);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "shorter than")]
    [InlineData(new byte[] { 255, 255, 255, 255, 0, 0, 0, 0, 123 }, "does not fit")]
    [InlineData(new byte[] { 255, 255, 255, 255, 255, 255, 255, 255, 123 }, "does not fit")]
    public void Garbage_is_refused_with_a_clear_error(byte[] bytes, string message)
    {
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(bytes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Offsets_outside_the_data_are_refused()
    {
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(File("""{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", 8)));
        Assert.Contains("outside the file", e.Message);
    }

    /// <summary>Headers a student can write into out/&lt;test&gt;.safetensors: each is refused with the reader's own error, saying why.</summary>
    [Theory]
    [InlineData("""{"x":{"dtype":7,"shape":[1],"data_offsets":[0,8]}}""", 8, "dtype is 7, not a string")]
    [InlineData("""{"x":{"dtype":"F64","shape":["x"],"data_offsets":[0,8]}}""", 8, "a dimension is a string")]
    [InlineData("""{"x":{"dtype":"F64","shape":[null],"data_offsets":[0,8]}}""", 8, "a dimension is null")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1.5],"data_offsets":[0,8]}}""", 8, "a dimension is 1.5")]
    [InlineData("""{"x":{"dtype":"F64","shape":{"a":1},"data_offsets":[0,8]}}""", 8, "shape is an object")]
    [InlineData("""{"x":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}""", 8, "a dimension is -1")]
    [InlineData("""{"__metadata__":["a"],"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "__metadata__ is an array")]
    [InlineData("""{"__metadata__":{"a":1},"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "__metadata__ 'a' is 1, not a string")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[null,8]}}""", 8, "begin is null")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,1e30]}}""", 8, "end is 1e30")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8,16]}}""", 16, "not [begin, end]")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}""", 8, "outside the file")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "'x' appears twice")]
    [InlineData("""{"x":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,8]}}""", 8, "\"dtype\" appears twice")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"y":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "inside another tensor's")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}""", 16, "leaving a gap")]
    [InlineData("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 16, "8 bytes after the last tensor")]
    [InlineData("""{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", 8, "8 bytes for shape (2) of F64")]
    [InlineData("""{"x":{"dtype":"F64","shape":[4611686018427387904,4611686018427387904,4],"data_offsets":[0,8]}}""", 8, "8 bytes for shape")]
    [InlineData("""{"x":{"dtype":"F64","shape":[9223372036854775807,9223372036854775807],"data_offsets":[0,0]}}""", 0, "0 bytes for shape")]
    [InlineData("""{"x":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 1, "unknown dtype 'F8_E4M3'")]
    [InlineData("""{"x":{"shape":[1],"data_offsets":[0,8]}}""", 8, "no dtype")]
    [InlineData("""{"x":5}""", 0, "its entry is 5, not an object")]
    [InlineData("""[1, 2]""", 0, "the header is an array of 2, not a JSON object")]
    [InlineData("""{"x":{"dtype":"F64",""", 0, "not valid JSON")]
    [InlineData("""{"\ud800":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "not valid text")]
    [InlineData("""{"x":{"dtype":"\udc80","shape":[1],"data_offsets":[0,8]}}""", 8, "dtype is not valid text")]
    [InlineData("""{"x":{"a":[[[[[[[[1]]]]]]]],"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8, "not valid JSON")]
    public void A_malformed_header_is_refused_with_the_readers_own_error(string header, int dataBytes, string message)
    {
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(File(header, dataBytes)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_refused()
    {
        var bytes = File("""{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}""", 8);
        bytes[10] = 0xff; // the x
        Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(bytes));
    }

    [Fact]
    public void More_tensors_than_the_limit_are_refused_and_the_goldens_limit_allows_them()
    {
        var tensors = Enumerable.Range(0, 257).ToDictionary(i => $"t{i}", i => TensorData.FromDoubles([i], 1));
        var bytes = SafeTensors.Write(tensors);

        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(bytes));
        Assert.Contains("more than 256 tensors", e.Message);
        Assert.Equal(257, SafeTensors.Read(bytes, SafeTensorsLimits.Trusted).Tensors.Count);
    }

    [Theory]
    [InlineData(9, "9 dimensions, over the 8 accepted")]
    [InlineData(100_000, "100,000 dimensions, over the 8 accepted")]
    [InlineData(1_000_000, "header is 2,000,0")] // a million dimensions do not fit in the header's mebibyte
    public void More_dimensions_than_the_limit_are_refused_before_they_are_read(int dimensions, string message)
    {
        var ones = string.Join(",", Enumerable.Repeat("1", dimensions));
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(File($$$"""{"x":{"dtype":"U8","shape":[{{{ones}}}],"data_offsets":[0,1]}}""", 1)));
        Assert.Contains(message, e.Message);
        Assert.True(e.Message.Length < 200, "the error does not quote the header");
    }

    [Fact]
    public void A_header_over_one_mebibyte_is_refused()
    {
        var header = """{"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""" + new string(' ', 1024 * 1024);
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(File(header, 1)));
        Assert.Contains("over the 1,048,576 accepted", e.Message);
    }

    [Fact]
    public void A_long_name_is_quoted_cut_short_in_the_error()
    {
        var name = new string('n', 10_000);
        var e = Assert.Throws<InvalidSafeTensorsException>(() => SafeTensors.Read(File($$$"""{"{{{name}}}":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", 8)));
        Assert.True(e.Message.Length < 200, e.Message);
    }

    [Fact]
    public void Empty_tensors_and_every_dtype_the_reader_accepts_can_be_compared_as_numbers()
    {
        var header = """
            {"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},
             "u32":{"dtype":"U32","shape":[2],"data_offsets":[0,8]},
             "u16":{"dtype":"U16","shape":[1],"data_offsets":[8,10]},
             "u64":{"dtype":"U64","shape":[],"data_offsets":[10,18]}}
            """;
        var bytes = File(header, 18);
        var data = bytes.AsSpan(bytes.Length - 18);
        BitConverter.TryWriteBytes(data[..4], 7u);
        BitConverter.TryWriteBytes(data[4..8], uint.MaxValue);
        BitConverter.TryWriteBytes(data[8..10], (ushort)65535);
        BitConverter.TryWriteBytes(data[10..], 1UL << 40);

        var read = SafeTensors.Read(bytes).Tensors;
        Assert.Empty(read["e"].ToDoubles());
        Assert.Equal([7.0, uint.MaxValue], read["u32"].ToDoubles());
        Assert.Equal([65535.0], read["u16"].ToDoubles());
        Assert.Equal([(double)(1UL << 40)], read["u64"].ToDoubles());
    }

    /// <summary>A file with this header (padded to 8 bytes) and that many zero bytes of data.</summary>
    internal static byte[] File(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        return BitConverter.GetBytes((long)json.Length).Concat(json).Concat(new byte[dataBytes]).ToArray();
    }
}

/// <summary>Files exchanged with Python's own safetensors package, run in the sandbox image.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class SafeTensorsPythonInteropTests(GraderFixture grader)
{
    const string Script = """
        import io, sys, tarfile, numpy as np
        from safetensors.numpy import load, save
        tar = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()))
        ours = load(tar.extractfile('ours.safetensors').read())
        assert ours['m'].dtype == np.float32 and ours['m'].shape == (2, 2), ours['m']
        assert np.array_equal(ours['m'], np.array([[1, 2], [3, 4]], np.float32))
        assert ours['v'].dtype == np.float64 and ours['v'][1] == -0.5
        theirs = save({'z': np.arange(6, dtype=np.float64).reshape(3, 2) / 4, 'flag': np.array([True, False])}, metadata={'by': 'python'})
        sys.stdout.buffer.write(theirs)
        """;

    [Fact]
    public async Task Python_reads_our_files_and_we_read_Pythons()
    {
        var ours = SafeTensors.Write(new Dictionary<string, TensorData>
        {
            ["m"] = TensorData.FromFloats([1, 2, 3, 4], 2, 2),
            ["v"] = TensorData.FromDoubles([0.25, -0.5], 2),
        });
        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python",
            new SandboxSpec { TimeoutS = 60 }, [new SandboxFile("ours.safetensors", ours)])
        { Command = ["python3", "-c", Script] }, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Stderr.Text);
        var theirs = SafeTensors.Read(result.Stdout.Bytes);
        Assert.Equal([3L, 2L], theirs.Tensors["z"].Shape);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1, 1.25], theirs.Tensors["z"].ToDoubles());
        Assert.Equal("BOOL", theirs.Tensors["flag"].DType);
        Assert.Equal([1.0, 0.0], theirs.Tensors["flag"].ToDoubles());
        Assert.Equal("python", theirs.Metadata["by"]);
    }
}
