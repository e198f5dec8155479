using YamlDotNet.Serialization.NamingConventions;

namespace Course.Contracts.Manifest;

/// <summary>
/// The one spelling of the course's enums outside C#: snake_case, as manifests, the store, the CLI's JSON and the
/// portal's CSS classes write them (<c>Visibility.AfterDue</c> is <c>after_due</c>).
/// </summary>
public static class EnumNames
{
    public static string ToName<T>(this T value) where T : struct, Enum =>
        UnderscoredNamingConvention.Instance.Apply(value.ToString());

    public static T Parse<T>(string name) where T : struct, Enum =>
        Enum.GetValues<T>().FirstOrDefault(v => v.ToName() == name) is var found && found.ToName() == name
            ? found
            : throw new FormatException($"'{name}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(v => v.ToName()))}");
}
