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
    public void Garbage_is_refused_with_a_clear_error(byte[] bytes, string message)
    {
        var e = Assert.Throws<FormatException>(() => SafeTensors.Read(bytes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Offsets_outside_the_data_are_refused()
    {
        var header = Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        var bytes = BitConverter.GetBytes((long)header.Length).Concat(header).Concat(new byte[8]).ToArray();
        var e = Assert.Throws<FormatException>(() => SafeTensors.Read(bytes));
        Assert.Contains("outside the file", e.Message);
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
