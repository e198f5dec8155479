using Course.Contracts.Interchange;
using Course.Contracts.Manifest;

namespace Course.Grader.Compare;

/// <summary>
/// Feedback that finds the bug in a model with stages: the student's named intermediate tensors are compared with
/// the reference's in the model's order, and the first one that diverges is reported, e.g.
/// "stages: self_attn_weights matches; self_attn matches; norm1 differs at [0, 3, 5]: 0.812 vs expected 0.207".
/// </summary>
public static class StageReport
{
    public static string FirstDivergence(TestSpec test, IReadOnlyList<string> stages,
        SafeTensorsFile expected, IReadOnlyDictionary<string, TensorData> actual)
    {
        var returned = stages.Where(s => actual.ContainsKey(TensorKeys.Stage(test.Name, s))).ToList();
        if (returned.Count == 0)
            return $"stages: none returned. Return (output, {{stage: array}}) with any of {string.Join(", ", stages)} "
                 + "to learn the first one that differs from the reference.";

        var parts = new List<string>();
        foreach (var stage in returned)
        {
            var key = TensorKeys.Stage(test.Name, stage);
            var c = TensorComparer.Compare(stage, expected.Tensors[key], actual[key], test.Rtol, test.Atol);
            if (c.Passed)
            {
                parts.Add($"{stage} matches");
                continue;
            }
            // The comparer's message already starts with the stage's name.
            parts.Add(c.Message);
            return "stages: " + string.Join("; ", parts);
        }
        return "stages: " + string.Join("; ", parts) + " (every stage returned matches: look after the last one)";
    }
}
