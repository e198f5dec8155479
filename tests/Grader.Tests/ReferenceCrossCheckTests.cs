using Course.Contracts.Archive;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Sandbox;

namespace Course.Grader.Tests;

/// <summary>
/// Each TorchSharp reference checked against an independent implementation: its goldens (made in the reference
/// image) recomputed by PyTorch's own modules, or by the paper's formula, in the sandbox image. Every expected
/// output and stage must agree to within 1e-10.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class ReferenceCrossCheckTests(GraderFixture grader)
{
    /// <summary>Loads CrossChecks/crosscheck.py as a module, then runs the assignment's <c>crosscheck.py</c> as __main__.</summary>
    const string Boot = "import sys, types; m = types.ModuleType('crosscheck'); exec(sys.argv[1], m.__dict__); "
                      + "sys.modules['crosscheck'] = m; exec(sys.argv[2], {'__name__': '__main__'})";

    /// <summary>Every assignment: one without <c>assignments/&lt;id&gt;/crosscheck.py</c> fails here.</summary>
    [Theory]
    [MemberData(nameof(GraderFixture.ComparisonAssignmentIds), MemberType = typeof(GraderFixture))]
    public async Task Goldens_agree_with_an_independent_PyTorch_implementation(string id)
    {
        var assignment = grader.Assignment(id);
        var golden = await grader.Goldens.GetAsync(assignment, assignment.Manifest.Seed, TestContext.Current.CancellationToken);
        var expected = File.ReadAllBytes(Path.Combine(grader.DataPath, "goldens", golden.Key, "expected.safetensors"));
        var runner = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CrossChecks", "crosscheck.py"));
        var script = File.ReadAllText(assignment.PathOf("crosscheck.py"));

        var result = await grader.Sandbox.RunAsync(new SandboxRequest("course/sandbox-python", new SandboxSpec { TimeoutS = 120, MemoryMb = 2048 },
        [
            new SandboxFile("inputs.safetensors", golden.Inputs),
            new SandboxFile("expected.safetensors", expected),
            new SandboxFile("calls.json", golden.Calls),
        ])
        { Command = ["python3", "-c", Boot, runner, script] }, TestContext.Current.CancellationToken);

        var report = result.Stdout.Text;
        Assert.True(result.ExitCode == 0, report + result.Stderr.Text);
        // One "ok" line for every tensor the reference expects: outputs and stages alike.
        Assert.Equal(SafeTensors.Read(expected, SafeTensorsLimits.Trusted).Tensors.Count, report.Split('\n').Count(l => l.StartsWith("ok ")));
    }
}
