using Course.Contracts.Manifest;

namespace Course.Reference.Goldens;

/// <summary>Makes one assignment's inputs and expected outputs; one implementation per assignment.</summary>
public interface IGoldenGenerator
{
    /// <summary>The name an assignment's manifest gives in <c>reference:</c>.</summary>
    string Name { get; }

    /// <summary>Adds the test's call, inputs and expected outputs. The global generator is already seeded for this test.</summary>
    void Generate(TestSpec test, CaseParameters parameters, GoldenSet set);
}
