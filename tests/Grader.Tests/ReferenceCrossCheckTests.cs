using Course.Grader.Manifest;
using Course.Grader.Sandbox;

namespace Course.Grader.Tests;

/// <summary>
/// The TorchSharp reference checked against an independent implementation: its goldens (made in the
/// reference image) recomputed by PyTorch's own attention in the sandbox image.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class ReferenceCrossCheckTests(GraderFixture grader)
{
    [Fact]
    public async Task A01_goldens_agree_with_PyTorch_scaled_dot_product_attention_and_MultiheadAttention()
    {
        var assignment = grader.Assignment("a01-attention");
        var golden = await grader.Goldens.GetAsync(assignment, assignment.Manifest.Seed, TestContext.Current.CancellationToken);
        var goldenDir = Path.Combine(grader.DataPath, "goldens", golden.Key);
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CrossChecks", "a01_attention.py"));

        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec { TimeoutS = 120, MemoryMb = 2048 },
        [
            new SandboxFile("inputs.safetensors", golden.Inputs),
            new SandboxFile("expected.safetensors", File.ReadAllBytes(Path.Combine(goldenDir, "expected.safetensors"))),
            new SandboxFile("calls.json", golden.Calls),
        ])
        { Command = ["python3", "-c", script] }, TestContext.Current.CancellationToken);

        var report = result.Stdout.Text;
        Assert.True(result.ExitCode == 0, report + result.Stderr.Text);
        Assert.Equal(assignment.Manifest.Tests.Count * 2, report.Split('\n').Count(l => l.StartsWith("ok ")));
    }
}
