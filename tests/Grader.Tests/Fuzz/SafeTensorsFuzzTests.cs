using System.Text.Json;
using Course.Contracts.Interchange;

namespace Course.Grader.Tests.Fuzz;

/// <summary>
/// The reader against thousands of files a student could write into out/&lt;test&gt;.safetensors, generated from valid
/// ones with a fixed seed: it returns tensors or throws its own format error, never another exception, and never
/// allocates far more than the file it was given.
/// </summary>
public sealed class SafeTensorsFuzzTests
{
    const int Seed = 20270101;
    const int Cases = 6000;

    static readonly byte[][] Valid =
    [
        SafeTensors.Write(new Dictionary<string, TensorData>
        {
            ["a/output"] = TensorData.FromDoubles([1, 2, 3, 4, 5, 6], 2, 3),
            ["a/stages/s"] = TensorData.FromFloats([1.5f, -2f], 2),
            ["a/index"] = TensorData.FromInt64s([7], 1),
        }, new Dictionary<string, string> { ["reference"] = "TorchSharp 0.107", ["seed"] = "7" }),
        SafeTensors.Write(new Dictionary<string, TensorData> { ["a/output"] = TensorData.FromDoubles([Math.PI]) }),
        SafeTensors.Write(new Dictionary<string, TensorData>
        {
            ["a/empty"] = new("F32", [0, 3], []),
            ["a/mask"] = new("BOOL", [2, 2], [1, 0, 0, 1]),
            ["a/u8"] = new("U8", [3], [1, 2, 3]),
        }),
        SafeTensors.Write(new Dictionary<string, TensorData>()),
    ];

    [Fact]
    public void Mutated_files_are_read_or_refused_with_the_readers_own_error_and_no_large_allocation()
    {
        var fuzz = new HostileBytes(Seed);
        int read = 0, refused = 0;
        var reasons = new HashSet<string>();
        for (var i = 0; i < Cases; i++)
        {
            var bytes = Mutate(fuzz, fuzz.Pick(Valid));
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var file = SafeTensors.Read(bytes);
                Assert.True(file.Tensors.Values.Sum(t => (long)t.Data.Length) <= bytes.Length, $"case {i} copied more than the file holds");
                read++;
            }
            catch (InvalidSafeTensorsException e)
            {
                refused++;
                reasons.UnionWith(Reasons.Where(e.Message.Contains));
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 64L * bytes.Length + (1 << 20), $"case {i}: {allocated:N0} bytes allocated to read {bytes.Length:N0}");
        }
        // Both outcomes occur, and the refusals come from every check: the mutations reach past the first ones.
        Assert.True(read > Cases / 50 && refused > Cases / 2, $"{read} read, {refused} refused");
        Assert.Empty(Reasons.Except(reasons));
    }

    static readonly string[] Reasons =
    [
        "does not fit", "not valid JSON", "appears twice", "not a string", "not an object", "not a non-negative integer",
        "not [begin, end]", "outside the file", "bytes for shape", "inside another tensor's", "leaving a gap",
        "after the last tensor", "unknown dtype", "dimensions, over", "not valid text", "no dtype", "no shape", "no data_offsets",
    ];

    [Fact]
    public void The_generator_is_deterministic()
    {
        var one = new HostileBytes(Seed);
        var two = new HostileBytes(Seed);
        for (var i = 0; i < 200; i++)
            Assert.Equal(Mutate(one, one.Pick(Valid)), Mutate(two, two.Pick(Valid)));
    }

    /// <summary>One to three mutations of the header, the data, the length prefix or the whole file.</summary>
    static byte[] Mutate(HostileBytes fuzz, byte[] valid)
    {
        var headerLength = (int)BitConverter.ToInt64(valid);
        var header = valid[8..(8 + headerLength)];
        var data = valid[(8 + headerLength)..];
        var declared = (long?)null;
        for (var n = fuzz.Random.Next(1, 4); n > 0; n--)
        {
            switch (fuzz.Random.Next(10))
            {
                case < 6:
                    try
                    {
                        header = fuzz.MutateJson(header);
                    }
                    catch (JsonException)
                    {
                        header = fuzz.Raw(header); // an earlier mutation already broke the JSON
                    }
                    break;
                case 6:
                    data = fuzz.Random.Next(2) == 0 ? fuzz.Raw(data) : data[..fuzz.Random.Next(data.Length + 1)];
                    break;
                case 7:
                    declared = fuzz.Random.Next(2) == 0 ? fuzz.Number() : header.Length + fuzz.Random.Next(-9, 10);
                    break;
                case 8:
                    data = [.. data, .. new byte[fuzz.Random.Next(1, 64)]];
                    break;
                default:
                    return fuzz.Raw([.. BitConverter.GetBytes((long)header.Length), .. header, .. data]);
            }
        }
        return [.. BitConverter.GetBytes(declared ?? header.Length), .. header, .. data];
    }
}
