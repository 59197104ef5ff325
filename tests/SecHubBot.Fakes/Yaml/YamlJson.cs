using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SecHubBot.Fakes.Yaml;

/// <summary>
/// Reads YAML (CloudFormation templates, Slack manifests, rendered Helm output) into JsonNode for
/// assertions. CloudFormation tags (!Ref, !GetAtt, !Sub) become {"Ref": ...} style objects.
/// </summary>
public static class YamlJson
{
    public static IReadOnlyList<JsonNode?> LoadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode)).ToArray();
    }

    public static JsonNode? Load(string yaml) => LoadAll(yaml).FirstOrDefault();

    private static JsonNode? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        JsonNode? value = node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => null,
        };

        if (tag is not null && tag.StartsWith('!'))
        {
            var function = tag[1..] is "Ref" ? "Ref" : "Fn::" + tag[1..];
            return new JsonObject { [function] = value };
        }

        return value;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ => JsonValue.Create(text),
        };
    }
}
