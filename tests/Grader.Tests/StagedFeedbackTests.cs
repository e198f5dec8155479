using Course.Grader.Authoring;
using Course.Grader.Compare;
using Course.Contracts.Interchange;
using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Grader.Tests;

/// <summary>Feedback that finds the bug: the first intermediate stage that differs from the reference is named.</summary>
public sealed class StagedFeedbackTests
{
    static readonly TestSpec Test = new() { Name = "encoder_basic", Rtol = 1e-4, Atol = 1e-5 };
    static readonly string[] Stages = ["self_attn_weights", "self_attn", "norm1", "ffn"];

    static SafeTensorsFile Expected() => new(Stages.ToDictionary(
        s => TensorKeys.Stage(Test.Name, s), s => TensorData.FromDoubles([1.0, 2.0, 3.0, 4.0], 2, 2)), new Dictionary<string, string>());

    static Dictionary<string, TensorData> Returned(params (string Stage, double[] Values)[] stages) => stages.ToDictionary(
        s => TensorKeys.Stage(Test.Name, s.Stage), s => TensorData.FromDoubles(s.Values, 2, 2));

    [Fact]
    public void The_first_stage_that_differs_is_named_with_its_index_and_both_values_and_later_ones_are_not_reported()
    {
        var text = StageReport.FirstDivergence(Test, Stages, Expected(), Returned(
            ("self_attn_weights", [1, 2, 3, 4]), ("self_attn", [1, 2, 3, 4]), ("norm1", [1, 2, 3.5, 4]), ("ffn", [0, 0, 0, 0])));

        Assert.StartsWith("stages: self_attn_weights matches; self_attn matches; norm1: differs at [1, 0]: 3.5 vs expected 3", text);
        Assert.DoesNotContain("ffn", text);
    }

    [Fact]
    public void Stages_that_were_not_returned_are_skipped()
    {
        var text = StageReport.FirstDivergence(Test, Stages, Expected(), Returned(("self_attn", [1, 2, 3, 4]), ("ffn", [9, 2, 3, 4])));
        Assert.StartsWith("stages: self_attn matches; ffn: differs at [0, 0]: 9 vs expected 1", text);
    }

    [Fact]
    public void With_no_stages_returned_the_feedback_says_how_to_return_them()
    {
        var text = StageReport.FirstDivergence(Test, Stages, Expected(), Returned());
        Assert.Contains("none returned", text);
        Assert.Contains("self_attn_weights, self_attn, norm1, ffn", text);
    }

    [Fact]
    public void When_every_returned_stage_matches_the_bug_is_after_the_last_one()
    {
        var text = StageReport.FirstDivergence(Test, Stages, Expected(), Returned(("self_attn_weights", [1, 2, 3, 4]), ("norm1", [1, 2, 3, 4])));
        Assert.Equal("stages: self_attn_weights matches; norm1 matches (every stage returned matches: look after the last one)", text);
    }
}

/// <summary>The same, end to end: a02's mutants graded in the sandbox, returning their stages.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Docker")]
public sealed class A02StagedFeedbackTests(GraderFixture grader)
{
    Task<Score.GradeReport> GradeMutant(string name)
    {
        var assignment = grader.Assignment("a02-transformer");
        return grader.Pipeline.GradeAsync(assignment, MutantSource.Upload(assignment, name), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_unbiased_layer_norm_is_traced_to_norm1_after_attention_matched()
    {
        var report = await GradeMutant("layer_norm_unbiased");

        foreach (var name in new[] { "encoder_basic", "decoder_basic" })
            Assert.Matches(@"\nstages: self_attn_weights matches; self_attn matches; norm1: differs at \[[0-9, ]+\]: \S+ vs expected \S+",
                report.Tests.Single(t => t.Name == name).Output);
    }

    [Fact]
    public async Task A_decoder_without_the_look_ahead_mask_is_traced_to_its_self_attention_weights()
    {
        var report = await GradeMutant("no_causal_mask");
        Assert.Contains("\nstages: self_attn_weights: differs at [", report.Tests.Single(t => t.Name == "decoder_basic").Output);
    }
}
