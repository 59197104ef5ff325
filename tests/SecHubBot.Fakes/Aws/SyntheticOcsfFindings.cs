using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// Many OCSF findings for load and batching tests: copies of the bundled GuardDuty "Findings Imported V2"
/// sample (MIT, Sumo Logic) with their three ids made unique, so every other field stays a real one.
/// </summary>
public static class SyntheticOcsfFindings
{
    public const string Sample = "detection-2004-guardduty-cloudtrail-disabled-sumologic-event.json";

    public static string MetadataUidOf(int i) => $"{i:D8}" + new string('e', 56);

    public static string FindingInfoUidOf(int i) => $"arn:aws:guardduty:us-east-1:869728294964:detector/b4c71b47fb852d3fc0e99a82fa2841aa/finding/{i:D32}";

    public static JsonElement Detection(int i, bool withMetadataUid = true, int statusId = 1)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SampleFiles.OcsfPath(Sample)));
        var finding = JsonNode.Parse(FakeSecurityHub.OcsfFindingsIn(document.RootElement).First().GetRawText())!.AsObject();
        var metadata = finding["metadata"]!.AsObject();
        if (withMetadataUid)
        {
            metadata["uid"] = MetadataUidOf(i);
        }
        else
        {
            metadata.Remove("uid");
        }

        finding["finding_info"]!["uid"] = FindingInfoUidOf(i);
        finding["status_id"] = statusId;
        finding["status"] = statusId == 1 ? "New" : statusId.ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToElement(finding);
    }
}
