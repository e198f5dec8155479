using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Course.Contracts.Manifest;

/// <summary>How every content file of the course is read: YAML with snake_case keys, errors reported with the file's path.</summary>
public static class CourseYaml
{
    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnumNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static T Read<T>(string text, string path) where T : class
    {
        try
        {
            return Yaml.Deserialize<T>(text) ?? throw new ManifestException($"{path}: empty");
        }
        catch (YamlException e)
        {
            // YamlDotNet nests the cause (e.g. "Requested value 'secret' was not found") a level or two down.
            var causes = new List<string>();
            for (Exception? x = e; x is not null; x = x.InnerException)
                if (!causes.Contains(x.Message)) causes.Add(x.Message);
            throw new ManifestException($"{path}, line {e.Start.Line}: {string.Join(" ", causes)}", e);
        }
    }
}
