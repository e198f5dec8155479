using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Self-consistency (Wang et al. 2023): sample several answers, take the majority after normalising them, and report
/// the share of samples that agree. Equal counts go to the answer seen first.
/// </summary>
public static class SelfConsistency
{
    /// <summary>Lower-cased, surrounding whitespace removed, inner runs of whitespace made one space (Python's " ".join(a.lower().split())).</summary>
    public static string Normalise(string answer) =>
        string.Join(' ', answer.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <returns>the index of the first sample carrying the winning answer, and votes for it / number of samples.</returns>
    public static (long Index, double Confidence) Vote(IReadOnlyList<string> answers)
    {
        var normalised = answers.Select(Normalise).ToList();
        var counts = new Dictionary<string, int>();
        foreach (var a in normalised) counts[a] = counts.GetValueOrDefault(a) + 1;
        // Walk the samples in order and take a new leader only on a strictly larger count: the first seen wins ties.
        var (winner, votes) = (normalised[0], counts[normalised[0]]);
        foreach (var a in normalised)
            if (counts[a] > votes) (winner, votes) = (a, counts[a]);
        return (normalised.IndexOf(winner), (double)votes / answers.Count);
    }

    /// <returns>index (Q,) and confidence (Q,), one entry per question.</returns>
    public static (Tensor Index, Tensor Confidence) Of(IReadOnlyList<IReadOnlyList<string>> samples)
    {
        var votes = samples.Select(Vote).ToList();
        return (tensor(votes.Select(v => v.Index).ToArray(), ScalarType.Int64), tensor(votes.Select(v => v.Confidence).ToArray(), ScalarType.Float64));
    }
}
