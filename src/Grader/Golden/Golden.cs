using Course.Contracts.Interchange;

namespace Course.Grader.Golden;

/// <summary>
/// An assignment's generated test data: inputs and calls (which go into the sandbox) and expected
/// outputs (which never do), with what made them.
/// </summary>
public sealed record Golden(
    string Key,
    byte[] Inputs,
    byte[] Calls,
    SafeTensorsFile Expected,
    long Seed,
    string ReferenceVersion,
    string ReferenceImageId);
