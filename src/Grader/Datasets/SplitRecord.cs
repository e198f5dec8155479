using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Contracts.Manifest;

namespace Course.Grader.Datasets;

/// <summary>
/// What <c>./course split</c> made, kept beside the data (<c>dataset.record</c>): the source's hash, what was dropped,
/// and each file's rows and SHA-256 (the test labels' too, which says nothing of them), so a test can check that the
/// files in the repository are the ones the split makes.
/// </summary>
public sealed record SplitRecord(
    string Source,
    string SourceSha256,
    long Seed,
    int SourceLines,
    int RepeatsDropped,
    IReadOnlyList<string> ConflictingDropped,
    DataFileSpec Train,
    DataFileSpec Validation,
    DataFileSpec Test,
    DataFileSpec Labels)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static SplitRecord Read(string path) =>
        JsonSerializer.Deserialize<SplitRecord>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty");

    public byte[] ToBytes() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n'];
}
