using System.Text;
using System.Text.Json;

namespace Course.Grader.Tests.Fuzz;

/// <summary>
/// A seeded generator of hostile variants of valid files, for fuzz tests that must be deterministic: the same seed
/// always gives the same inputs, so a failure names a case that can be run again.
/// </summary>
public sealed class HostileBytes(int seed)
{
    public Random Random { get; } = new(seed);

    /// <summary>JSON values of every wrong type, out of every range, or nested too deep.</summary>
    static readonly string[] Values =
    [
        "null", "true", "false", "0", "-0", "-1", "1", "7", "8", "1.5", "1e30", "-1e30", "1e-400", "1e400", "NaN", "-Infinity",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "\"\"", "\"x\"", "\"F64\"", "\"F32\"", "\"U32\"", "\"BOOL\"", "\"F8_E4M3\"", "\"ok\"", "\"error\"", "\"passed\"",
        "\"\\ud800\"", "\"\\udc80x\"", "\"\\u0000\\u001b[31m\"", "\"" + new string('y', 5000) + "\"",
        "[]", "{}", "[null]", "[\"x\"]", "[1.5]", "[-1]", "[0]", "[1]", "[0,1e30]", "[null,8]", "[8,0]", "[0,8]", "[0,8,16]",
        "[9223372036854775807,9223372036854775807]", "[4611686018427387904,4611686018427387904,4]",
        "[1,1,1,1,1,1,1,1,1]", "[" + string.Join(",", Enumerable.Repeat("1", 3000)) + "]",
        "{\"a\":1}", "{\"a\":\"b\"}", "{\"a\":null}", "[[[[[[[[[[1]]]]]]]]]]", "{\"text\":null,\"total_bytes\":\"x\"}",
    ];

    /// <summary>Names that collide with the format's own keys, repeat, or cannot be decoded.</summary>
    static readonly string[] Names =
    [
        "\"__metadata__\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"\"", "\"\\ud800\"", "\"x\"", "\"tests\"",
        "\"logs\"", "\"status\"", "\"message\"", "\"seconds\"", "\"a/output\"",
    ];

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>
    /// One mutation of valid JSON (a <see cref="JsonException"/> otherwise): a value or a whole object replaced by one of
    /// the wrong type or range, a name changed, a property repeated or dropped, one value copied over another of the same
    /// name, an array of integers nudged, or raw byte damage.
    /// </summary>
    public byte[] MutateJson(byte[] json)
    {
        var tokens = Tokens(json);
        switch (Random.Next(8))
        {
            case 0 or 1:
            {
                var values = tokens.Where(t => !t.IsName).ToList();
                if (values.Count == 0) return Raw(json);
                var t = Pick(values);
                var value = Random.Next(4) == 0 ? RandomNumber() : Pick(Values);
                return Splice(json, t.Start, t.End, Encoding.UTF8.GetBytes(value));
            }
            case 2:
            {
                var names = tokens.Where(t => t.IsName).ToList();
                if (names.Count == 0) return Raw(json);
                var t = Pick(names);
                return Splice(json, t.Start, t.End, Encoding.UTF8.GetBytes(Pick(Names)));
            }
            case 3:
            {
                // A property written twice: the name and its value copied in right after the value.
                var names = tokens.Select((t, k) => (t, k)).Where(p => p.t.IsName).ToList();
                if (names.Count == 0) return Raw(json);
                var (name, k) = Pick(names);
                var value = tokens[k + 1];
                return Splice(json, value.End, value.End, [(byte)',', .. json.AsSpan(name.Start..value.End)]);
            }
            case 4:
            {
                var names = tokens.Select((t, k) => (t, k)).Where(p => p.t.IsName).ToList();
                if (names.Count == 0) return Raw(json);
                var (name, k) = Pick(names);
                return Splice(json, name.Start, tokens[k + 1].End, []);
            }
            case 5:
            {
                // A value copied over another of the same name: two tensors sharing offsets, a shape from another entry.
                var names = tokens.Select((t, k) => (t, k)).Where(p => p.t.IsName).ToList();
                if (names.Count == 0) return Raw(json);
                var (name, k) = Pick(names);
                var same = names.Where(p => json.AsSpan(p.t.Start..p.t.End).SequenceEqual(json.AsSpan(name.Start..name.End))).ToList();
                var from = tokens[Pick(same).k + 1];
                var to = tokens[k + 1];
                return Splice(json, to.Start, to.End, json[from.Start..from.End]);
            }
            case 6:
            {
                // An array of integers nudged: a dimension or an offset off by one element, one added or dropped.
                var arrays = tokens.Where(t => !t.IsName && json[t.Start] == '[').Select(t => (t, Integers(json[t.Start..t.End])))
                    .Where(a => a.Item2 is not null).ToList();
                if (arrays.Count == 0) return Raw(json);
                var (t, numbers) = Pick(arrays);
                var nudged = numbers!.Select(n => Random.Next(3) == 0 ? n + Pick(Nudges) : n).ToList();
                if (Random.Next(4) == 0) nudged.Insert(Random.Next(nudged.Count + 1), Random.Next(2) == 0 ? 1 : Random.Next(0, 16));
                if (Random.Next(4) == 0 && nudged.Count > 0) nudged.RemoveAt(Random.Next(nudged.Count));
                if (Random.Next(6) == 0) nudged.AddRange(Enumerable.Repeat(1L, Random.Next(1, 12)));
                return Splice(json, t.Start, t.End, Encoding.UTF8.GetBytes("[" + string.Join(",", nudged) + "]"));
            }
            default:
                return Raw(json);
        }
    }

    static readonly long[] Nudges = [-8, -4, -2, -1, 1, 2, 4, 8];

    static long[]? Integers(byte[] array)
    {
        try
        {
            return JsonSerializer.Deserialize<long[]>(array);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Byte-level damage: flipped bytes, a cut, inserted or repeated bytes.</summary>
    public byte[] Raw(byte[] bytes)
    {
        var copy = bytes.ToList();
        for (var n = Random.Next(1, 4); n > 0 && copy.Count > 0; n--)
        {
            var at = Random.Next(copy.Count);
            switch (Random.Next(5))
            {
                case 0: copy[at] = (byte)Random.Next(256); break;
                case 1: copy[at] ^= (byte)(1 << Random.Next(8)); break;
                case 2: copy.RemoveRange(at, copy.Count - at); break;
                case 3: copy.InsertRange(at, Enumerable.Range(0, Random.Next(1, 16)).Select(_ => (byte)Random.Next(256))); break;
                default: copy.InsertRange(at, copy.Skip(at).Take(Random.Next(1, 64)).ToList()); break;
            }
        }
        return copy.ToArray();
    }

    /// <summary>A number near the usual sizes and offsets, or at the edges of 32 and 64 bits.</summary>
    public long Number() => Random.Next(8) switch
    {
        0 => -Random.Next(1, 100),
        1 => int.MaxValue + (long)Random.Next(-2, 3),
        2 => long.MaxValue - Random.Next(3),
        3 => long.MinValue + Random.Next(3),
        4 => 1L << Random.Next(63),
        _ => Random.Next(0, 4096),
    };

    string RandomNumber() => Random.Next(2) == 0 ? Number().ToString() : $"[{Number()},{Number()}]";

    static byte[] Splice(byte[] bytes, int start, int end, byte[] with) => [.. bytes.AsSpan(0, start), .. with, .. bytes.AsSpan(end)];

    /// <summary>Every name, value and container in valid JSON, as byte ranges.</summary>
    static List<(int Start, int End, bool IsName)> Tokens(byte[] json)
    {
        var tokens = new List<(int, int, bool)>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var end = reader;
                    end.Skip();
                    tokens.Add((start, (int)end.BytesConsumed, false));
                    break;
                case JsonTokenType.PropertyName:
                    tokens.Add((start, start + reader.ValueSpan.Length + 2, true));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    break;
                default:
                    tokens.Add((start, (int)reader.BytesConsumed, false));
                    break;
            }
        }
        return tokens;
    }
}
