using System.Text;
using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Pipeline;
using Course.Grader.Sandbox;
using Course.Grader.Score;

namespace Course.Grader.Tests;

/// <summary>
/// The sandbox's result as the student can shape it (outputs written by hand, forged events), read and scored without
/// a container: a test whose outputs cannot be read scores 0 with the reason, and the others are graded.
/// </summary>
public sealed class HarnessResultTests
{
    static readonly string[] Tests = ["a", "b"];
    const string BothOk = """{"tests": {"a": {"status": "ok", "seconds": 0.1}, "b": {"status": "ok", "seconds": 0.2}}}""";

    static readonly byte[] OutputA = SafeTensors.Write(new Dictionary<string, TensorData> { ["a/output"] = TensorData.FromDoubles([1, 2], 2) });
    static readonly byte[] OutputB = SafeTensors.Write(new Dictionary<string, TensorData> { ["b/output"] = TensorData.FromDoubles([3], 1) });

    static HarnessResult Read(string status, params (string Name, byte[] Content)[] files) =>
        HarnessResult.Read(Sandbox(Frame(TarArchive.Pack(
            files.Select(f => new SandboxFile(f.Name, f.Content)).Prepend(new SandboxFile("status.json", Encoding.UTF8.GetBytes(status)))))), "", Tests);

    static Score.TestResult Score(HarnessResult result, string test) =>
        Scorer.ScoreTest(new TestSpec { Name = test, Points = 10, Rtol = 1e-6, Atol = 1e-9 }, result.Report!.Tests.GetValueOrDefault(test),
            new CallInfo(test, "f", ["output"]), Expected, result.Outputs);

    static readonly SafeTensorsFile Expected = new(new Dictionary<string, TensorData>
    {
        ["a/output"] = TensorData.FromDoubles([1, 2], 2),
        ["b/output"] = TensorData.FromDoubles([3], 1),
    }, new Dictionary<string, string>());

    [Theory]
    [InlineData("""{"a/output":{"dtype":7,"shape":[2],"data_offsets":[0,16]}}""", "dtype is 7")]
    [InlineData("""{"a/output":{"dtype":"F64","shape":["x"],"data_offsets":[0,16]}}""", "a dimension is a string")]
    [InlineData("""{"a/output":{"dtype":"F64","shape":[2],"data_offsets":[null,16]}}""", "begin is null")]
    [InlineData("""{"a/output":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"a/output":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", "appears twice")]
    [InlineData("""{"__metadata__":[1],"a/output":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", "__metadata__ is an array")]
    [InlineData("""{"a/output":{"dtype":"F64","shape":[4611686018427387904,4611686018427387904,4],"data_offsets":[0,16]}}""", "16 bytes for shape")]
    public void Outputs_that_cannot_be_read_fail_only_their_test_with_the_reason(string header, string reason)
    {
        var result = Read(BothOk, ("outputs/a.safetensors", SafeTensorsTests.File(header, 16)), ("outputs/b.safetensors", OutputB));

        Assert.Null(result.Problem);
        var a = Score(result, "a");
        Assert.Equal(0, a.Score);
        Assert.StartsWith("the outputs could not be read: ", a.Output);
        Assert.Contains(reason, a.Output);
        Assert.Equal(0.1, a.Seconds);
        Assert.True(Score(result, "b").Passed);
    }

    [Fact]
    public void A_header_length_larger_than_the_file_fails_its_test()
    {
        var bytes = (byte[])OutputA.Clone();
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, 0);
        var result = Read(BothOk, ("outputs/a.safetensors", bytes), ("outputs/b.safetensors", OutputB));
        Assert.Contains("does not fit", Score(result, "a").Output);
        Assert.True(Score(result, "b").Passed);
    }

    [Fact]
    public void A_forged_done_event_with_a_null_message_scores_zero_with_feedback()
    {
        var result = Read("""{"tests": {"a": {"status": "error", "message": null, "traceback": null, "seconds": "x"}, "b": {"status": "ok"}}, "logs": null}""",
            ("outputs/b.safetensors", OutputB));

        var a = Score(result, "a");
        Assert.Equal(0, a.Score);
        Assert.Equal("failed (error) without a message", a.Output);
        Assert.True(Score(result, "b").Passed);
        Assert.Equal("", result.Report!.Stdout);
    }

    [Fact]
    public void A_test_s_file_speaks_only_for_that_test()
    {
        var forged = SafeTensors.Write(new Dictionary<string, TensorData>
        {
            ["a/output"] = TensorData.FromDoubles([1, 2], 2),
            ["b/output"] = TensorData.FromDoubles([3], 1),
        });
        var result = Read("""{"tests": {"a": {"status": "ok"}, "b": {"status": "error", "message": "boom"}}}""", ("outputs/a.safetensors", forged));
        Assert.Equal(["a/output"], result.Outputs.Keys);
    }

    [Fact]
    public void Outputs_of_a_test_that_did_not_report_ok_are_not_read()
    {
        var result = Read("""{"tests": {"a": {"status": "timeout", "message": "slow"}}}""", ("outputs/a.safetensors", [1, 2, 3]));
        Assert.Equal(new HarnessStatus("timeout", "slow"), result.Report!.Tests["a"]);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public void Control_characters_in_the_reader_s_error_are_escaped()
    {
        var result = Read(BothOk, ("outputs/a.safetensors", SafeTensorsTests.File("""{"a/\u0000x":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}""", 16)));
        Assert.Contains("'a/\\x00x'", result.Report!.Tests["a"].Message);
    }

    [Theory]
    [InlineData("status.json", "not json", "status.json is not valid JSON")]
    [InlineData("status.json", "[]", "not a JSON object")]
    [InlineData("other.json", "{}", "holds no status.json")]
    public void A_result_without_a_readable_status_fails_every_test_with_the_reason(string name, string content, string reason)
    {
        var result = HarnessResult.Read(Sandbox(Frame(TarArchive.Pack([new(name, Encoding.UTF8.GetBytes(content))]))), "", Tests);
        Assert.Null(result.Report);
        Assert.StartsWith("Not graded: the sandbox's result was unreadable (", result.Problem);
        Assert.Contains(reason, result.Problem);
    }

    [Fact]
    public void A_frame_holding_garbage_fails_every_test_and_no_frame_says_how_the_sandbox_ended()
    {
        Assert.Contains("unreadable", HarnessResult.Read(Sandbox(Frame(Encoding.ASCII.GetBytes(new string('g', 2000)))), "", Tests).Problem);
        Assert.Contains("exited with code 3 without a result",
            HarnessResult.Read(new SandboxResult(3, false, false, new([], 0), new([], 0), "", TimeSpan.Zero), "", Tests).Problem);
    }

    static SandboxResult Sandbox(byte[] stdout) =>
        new(0, false, false, new CapturedOutput(stdout, stdout.Length), new CapturedOutput([], 0), "sha256:test", TimeSpan.Zero);

    static byte[] Frame(byte[] payload)
    {
        using var stdout = new MemoryStream();
        ResultFrame.Write(stdout, payload);
        return stdout.ToArray();
    }
}
