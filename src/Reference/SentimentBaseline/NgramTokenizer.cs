using System.Text;

namespace Course.Reference.SentimentBaseline;

/// <summary>
/// The baseline's tokenisation, simple on purpose: the sentence lower-cased (invariant culture); a token is a maximal
/// run of letters or digits (<see cref="char.IsLetterOrDigit(char)"/>), so punctuation, '%' and the dataset's '+'
/// mojibake separate tokens and vanish ("EUR15 .3 m" gives eur15, 3, m); the features are the tokens and each pair
/// of adjacent tokens (a bigram, written "a b"), so "did not rise" keeps "not rise".
/// </summary>
public static class NgramTokenizer
{
    public static IReadOnlyList<string> Tokens(string sentence)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in sentence.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c)) current.Append(c);
            else if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    public static IReadOnlyList<string> Features(string sentence)
    {
        var tokens = Tokens(sentence);
        return [.. tokens, .. tokens.Zip(tokens.Skip(1), (a, b) => $"{a} {b}")];
    }
}
