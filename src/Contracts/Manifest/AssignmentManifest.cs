namespace Course.Contracts.Manifest;

/// <summary>An assignment's <c>assignment.yaml</c>, as YamlDotNet reads it (snake_case keys).</summary>
public sealed class AssignmentManifest
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public int Week { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>The gradebook category (from course.yaml) this assignment counts in.</summary>
    public string Category { get; set; } = "assignments";
    public DateTimeOffset Due { get; set; }
    public LatePolicy LatePolicy { get; set; } = new();
    public SubmissionSpec Submission { get; set; } = new();
    public SandboxSpec Sandbox { get; set; } = new();
    /// <summary>Which golden generator of the reference CLI makes this assignment's inputs.</summary>
    public string Reference { get; set; } = "";
    public int Seed { get; set; }
    public string Starter { get; set; } = "";
    public string Solution { get; set; } = "";
    public List<AlternativeSpec> Alternatives { get; set; } = [];
    public List<TestSpec> Tests { get; set; } = [];
    public List<MutantSpec> Mutants { get; set; } = [];
    /// <summary>Projects graded on predictions: the dataset and its split.</summary>
    public DatasetSpec? Dataset { get; set; }
    /// <summary>Projects graded on predictions: the baseline's figures, the floor of the score.</summary>
    public BaselineSpec? Baseline { get; set; }

    /// <summary>Whether the submission is a predictions file scored by the grader (evaluation tests), not code run in the sandbox.</summary>
    public bool GradesPredictions => Tests.Count > 0 && Tests.All(t => t.Kind == TestKind.Evaluation);

    /// <summary>
    /// Points graded by hand with the assignment's rubric (a report, a notebook), on top of the tests' points; 0 when
    /// the tests are the whole grade.
    /// </summary>
    public double RubricPoints { get; set; }

    /// <summary>What the tests are worth: a graded submission's score is scaled to this.</summary>
    public double AutogradedPoints => Tests.Sum(t => t.Points);

    /// <summary>The assignment's worth in the gradebook: the tests and the rubric together.</summary>
    public double Points => AutogradedPoints + RubricPoints;

    public bool HasRubric => RubricPoints > 0;

    public TestSpec? FindTest(string name) => Tests.FirstOrDefault(t => t.Name == name);
}
