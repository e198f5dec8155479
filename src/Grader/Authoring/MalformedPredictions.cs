namespace Course.Grader.Authoring;

/// <summary>
/// The malformed predictions files <c>./course check</c> uploads to a predictions project, each with the message it
/// must be refused with. They are made in memory from the released test ids, every one with the label "neutral", so
/// no file of them pairs an id with its true label on disk.
/// </summary>
public static class MalformedPredictions
{
    public sealed record Case(string Name, Func<IReadOnlyList<string>, byte[]> Make, Func<IReadOnlyList<string>, string> Message);

    static string Valid(IReadOnlyList<string> ids) => "id,label\n" + string.Concat(ids.Select(id => $"{id},neutral\n"));

    static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static readonly IReadOnlyList<Case> All =
    [
        new("empty.csv", _ => [], _ => "predictions.csv is empty"),
        new("semicolons.csv", ids => Utf8(Valid(ids).Replace(',', ';')), _ => "line 1 separates its fields with semicolons"),
        new("tabs.csv", ids => Utf8(Valid(ids).Replace(',', '\t')), _ => "line 1 separates its fields with tabs"),
        new("no-header.csv", ids => Utf8(Valid(ids)["id,label\n".Length..]), _ => "line 1 must be the header id,label"),
        new("missing-id.csv", ids => Utf8(Valid(ids).Replace($"{ids[1]},neutral\n", "")), ids => $"the first being {ids[1]} (line 3 of test.csv)"),
        new("extra-id.csv", ids => Utf8(Valid(ids) + "test_9999,neutral\n"), ids => $"line {ids.Count + 2}: `test_9999` is not an id of test.csv"),
        new("duplicate.csv", ids => Utf8(Valid(ids) + $"{ids[0]},positive\n"), ids => $"line {ids.Count + 2}: {ids[0]} is predicted twice (first on line 2)"),
        new("unknown-label.csv", ids => Utf8(Valid(ids).Replace($"{ids[2]},neutral", $"{ids[2]},Neutral")), ids => $"line 4: `Neutral` for {ids[2]} is not a label"),
        new("label-ids.csv", ids => Utf8(Valid(ids).Replace($"{ids[2]},neutral", $"{ids[2]},1")), _ => "(label id 1 is neutral)"),
        new("latin1.csv", ids => System.Text.Encoding.Latin1.GetBytes(Valid(ids).Replace($"{ids[3]},neutral", $"{ids[3]},neutr\u00e9")),
            ids => "line 5 is not UTF-8 (byte 0xE9"),
        new("utf16.csv", ids => [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(Valid(ids))], _ => "is UTF-16"),
        new("blank-line.csv", ids => Utf8(Valid(ids).Replace($"{ids[4]},neutral\n", $"{ids[4]},neutral\n\n")), _ => "line 7 is empty"),
        new("three-fields.csv", ids => Utf8(Valid(ids).Replace($"{ids[0]},neutral\n", $"{ids[0]},neutral,0.9\n")), _ => "line 2 has 3 fields"),
    ];
}
