using System.Text.Json.Nodes;

namespace SecHubBot.Fakes;

/// <summary>The real Security Hub samples tests run over: the bundled ones, plus ../shared/samples when present.</summary>
public static class SampleFiles
{
    /// <summary>Files that are deliberately not finding events; they must get a clear "not a finding event" answer.</summary>
    public static readonly IReadOnlySet<string> NotFindingEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "securityhub-insight-results-event.json",
        "custodian-ebs-findings-getfindings-2-placebo.json",
        "custodian-rds-finding-getfindings-placebo.json",
        "guardduty-iam-recon-getfindings-5-placebo.json",
        "inspector-ecr-cve-getfindings-20-placebo.json",
    };

    /// <summary>Bundled samples, by file name.</summary>
    public static IReadOnlyList<string> Bundled() =>
        Directory.GetFiles(RepoPaths.BundledSamples, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every sample path: bundled, then those only in ../shared/samples (e.g. Elastic-licensed ones we do not ship).</summary>
    public static IReadOnlyList<string> AllPaths()
    {
        var bundled = Directory.GetFiles(RepoPaths.BundledSamples, "*.json").ToList();
        if (RepoPaths.SharedSamples is { } shared)
        {
            var names = bundled.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            bundled.AddRange(Directory.GetFiles(shared, "*.json").Where(p => !names.Contains(Path.GetFileName(p))));
        }

        return bundled.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every OCSF sample path ("Findings Imported V2" events): bundled samples/ocsf, then those only in ../shared/samples/ocsf.</summary>
    public static IReadOnlyList<string> OcsfPaths()
    {
        var bundled = Directory.Exists(RepoPaths.BundledOcsfSamples) ? Directory.GetFiles(RepoPaths.BundledOcsfSamples, "*.json").ToList() : [];
        var shared = RepoPaths.SharedSamples is { } root ? Path.Combine(root, "ocsf") : null;
        if (shared is not null && Directory.Exists(shared))
        {
            var names = bundled.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            bundled.AddRange(Directory.GetFiles(shared, "*.json").Where(p => !names.Contains(Path.GetFileName(p))));
        }

        return bundled.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>An OCSF sample by file name: bundled if it is, else from ../shared/samples/ocsf.</summary>
    public static string OcsfPath(string name)
    {
        var bundled = Path.Combine(RepoPaths.BundledOcsfSamples, name);
        return File.Exists(bundled) || RepoPaths.SharedSamples is null ? bundled : Path.Combine(RepoPaths.SharedSamples, "ocsf", name);
    }

    public static string ReadBundled(string name) => File.ReadAllText(Path.Combine(RepoPaths.BundledSamples, name));

    public static bool HoldsFindings(string path) => !NotFindingEvents.Contains(Path.GetFileName(path));

    /// <summary>
    /// The ASFF finding objects in any input shape the product reads (EventBridge event, SQS batch, one finding,
    /// an array, <c>{"Findings": [...]}</c>), by Id, as they were written: what Security Hub would store.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonObject> RawFindings(string json)
    {
        var found = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        Collect(JsonNode.Parse(json), found);
        return found;
    }

    private static void Collect(JsonNode? node, Dictionary<string, JsonObject> found)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, found);
                }

                break;
            case JsonObject { } obj when obj["Records"] is JsonArray records:
                foreach (var record in records)
                {
                    if (record?["body"]?.GetValue<string>() is { } body)
                    {
                        Collect(TryParse(body), found);
                    }
                }

                break;
            case JsonObject { } obj when obj["detail"] is JsonObject detail:
                Collect(detail["findings"], found);
                break;
            case JsonObject { } obj when (obj["Findings"] ?? obj["findings"]) is JsonArray findings:
                Collect(findings, found);
                break;
            case JsonObject { } obj when obj["Id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String:
                found[obj["Id"]!.GetValue<string>()] = obj;
                break;
        }
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
