using Course.Contracts.Manifest;

namespace Course.Grader.Evaluation;

/// <summary>One row of the grader's labels file: a test id, its true label, and the part (public or private) that scores it.</summary>
public sealed record TestLabel(string Id, string Label, TestPart Part);
