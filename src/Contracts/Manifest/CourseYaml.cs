using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Course.Contracts.Manifest;

/// <summary>How every content file of the course is read: YAML with snake_case keys, errors reported with the file's path.</summary>
public static class CourseYaml
{
    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static T Read<T>(string text, string path) where T : class
    {
        try
        {
            return Yaml.Deserialize<T>(text) ?? throw new ManifestException($"{path}: empty");
        }
        catch (YamlException e)
        {
            throw new ManifestException($"{path}: {e.Message} {e.InnerException?.Message}".Trim(), e);
        }
    }
}
