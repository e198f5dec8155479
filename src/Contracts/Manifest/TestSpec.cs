namespace Course.Contracts.Manifest;

/// <summary>One graded test: which entry point it calls, on which generated case, for how many points.</summary>
public sealed class TestSpec
{
    public string Name { get; set; } = "";
    public TestKind Kind { get; set; } = TestKind.Comparison;
    public string Entry { get; set; } = "";
    /// <summary>Parameters of the generated case (shapes, dtype, mask kind), read by the reference's golden generator.</summary>
    public Dictionary<string, string> Case { get; set; } = [];
    public double Points { get; set; }
    public double Rtol { get; set; } = 1e-5;
    public double Atol { get; set; } = 1e-8;
    public Visibility Visibility { get; set; } = Visibility.Visible;
    public string Description { get; set; } = "";
    /// <summary>Evaluation tests: the part of the test set scored.</summary>
    public TestPart Part { get; set; } = TestPart.All;
    /// <summary>Evaluation tests: the macro-F1 that earns full points (the baseline's figure on the same part earns none).</summary>
    public double Target { get; set; }
}
