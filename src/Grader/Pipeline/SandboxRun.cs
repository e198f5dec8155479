using Course.Contracts.Manifest;
using Course.Grader.Sandbox;

namespace Course.Grader.Pipeline;

/// <summary>One start of the sandbox: the tests it ran (and only their inputs went in), how it ended, what it sent back.</summary>
public sealed record SandboxRun(string Name, IReadOnlyList<TestSpec> Tests, SandboxResult Result, HarnessResult Harness);
