using System.Text;

namespace Course.Grader.Datasets;

/// <summary>
/// Reads Financial PhraseBank's <c>Sentences_*.txt</c>: latin-1, CRLF, one <c>sentence@label</c> per line (split at
/// the last '@'). A sentence repeated with the same label is kept once, at its first line; a sentence given
/// different labels is dropped everywhere, since no label of it can be trusted.
/// </summary>
public static class PhraseBankSource
{
    public sealed record Contents(IReadOnlyList<LabelledSentence> Sentences, int Lines, int RepeatsDropped, IReadOnlyList<string> Conflicting);

    public static Contents Read(byte[] bytes, IReadOnlyCollection<string> classes)
    {
        // Latin-1 maps every byte to the code point of the same value, so the dataset's own mojibake survives as written.
        var text = Encoding.Latin1.GetString(bytes);
        if (!text.EndsWith("\r\n")) throw new InvalidDataException("the source does not end with CRLF: is it the original file?");
        var lines = text[..^2].Split("\r\n");
        var byText = new Dictionary<string, List<LabelledSentence>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].LastIndexOf('@');
            if (at <= 0) throw new InvalidDataException($"line {i + 1} is not sentence@label");
            var (sentence, label) = (lines[i][..at].Trim(), lines[i][(at + 1)..]);
            if (!classes.Contains(label)) throw new InvalidDataException($"line {i + 1}: unknown label '{label}'");
            if (!byText.TryGetValue(sentence, out var seen)) { byText[sentence] = seen = []; order.Add(sentence); }
            seen.Add(new LabelledSentence(sentence, label, i + 1));
        }
        var conflicting = order.Where(s => byText[s].Select(x => x.Label).Distinct().Count() > 1).ToList();
        var kept = order.Where(s => !conflicting.Contains(s)).Select(s => byText[s][0]).ToList();
        var repeats = order.Where(s => !conflicting.Contains(s)).Sum(s => byText[s].Count - 1);
        return new Contents(kept, lines.Length, repeats, conflicting);
    }
}
