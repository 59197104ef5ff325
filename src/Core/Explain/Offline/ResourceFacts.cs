using System.Globalization;
using System.Text.Json;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain.Offline;

/// <summary>An inbound security-group rule that lets the world in.</summary>
public sealed record OpenIngressRule(string Protocol, int? FromPort, int? ToPort, string Cidr)
{
    public string PortText => (Protocol, FromPort, ToPort) switch
    {
        ("-1", _, _) => "all ports",
        (_, null, _) => "all ports",
        (_, { } from, { } to) when from == to => $"port {from.ToString(CultureInfo.InvariantCulture)}",
        (_, { } from, { } to) when from <= 0 && to >= 65535 => "all ports",
        (_, { } from, { } to) => $"ports {from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}",
        _ => "all ports",
    };

    public string ProtocolText => Protocol == "-1" ? "all protocols" : Protocol.ToUpperInvariant();

    /// <summary>A well-known service name for the port, so "port 22" reads as "port 22 (SSH)".</summary>
    public string? ServiceName => FromPort == ToPort ? FromPort switch
    {
        22 => "SSH",
        3389 => "RDP",
        3306 => "MySQL",
        5432 => "PostgreSQL",
        1433 => "SQL Server",
        6379 => "Redis",
        27017 => "MongoDB",
        9200 => "Elasticsearch",
        23 => "Telnet",
        21 => "FTP",
        445 => "SMB",
        80 => "HTTP",
        443 => "HTTPS",
        _ => null,
    } : null;
}

/// <summary>Facts read from resource Details that make an explanation specific (ports, names, endpoints).</summary>
public static class ResourceFacts
{
    private static readonly string[] WorldCidrs = ["0.0.0.0/0", "::/0"];

    /// <summary>The resource's Details for its own type, whether wrapped in the type key, in "Other", or flat.</summary>
    public static JsonElement? DetailsFor(FindingResource resource)
    {
        if (resource.Details is not { ValueKind: JsonValueKind.Object } details)
        {
            return null;
        }

        if (details.TryGet(resource.Type, out var typed) && typed.ValueKind == JsonValueKind.Object)
        {
            return typed;
        }

        return details.TryGet("Other", out var other) && other.ValueKind == JsonValueKind.Object ? other : details;
    }

    /// <summary>A friendly name: GroupName, Name tag, DBInstanceIdentifier, FunctionName, bucket name...</summary>
    public static string? NameOf(FindingResource resource)
    {
        if (resource.Tags.TryGetValue("Name", out var tagName) && !string.IsNullOrWhiteSpace(tagName))
        {
            return tagName;
        }

        if (!string.IsNullOrWhiteSpace(resource.Name))
        {
            return resource.Name;
        }

        var details = DetailsFor(resource);
        if (details is null)
        {
            return null;
        }

        foreach (var key in new[] { "GroupName", "DBInstanceIdentifier", "FunctionName", "Name", "PolicyName", "RoleName", "UserName", "DisplayName" })
        {
            if (details.Value.String(key) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Inbound rules of a security group that allow 0.0.0.0/0 or ::/0.</summary>
    public static IReadOnlyList<OpenIngressRule> OpenIngress(FindingResource resource)
    {
        if (resource.Type != "AwsEc2SecurityGroup" || DetailsFor(resource) is not { } group)
        {
            return [];
        }

        var rules = new List<OpenIngressRule>();
        foreach (var permission in group.Array("IpPermissions"))
        {
            var protocol = permission.String("IpProtocol") ?? "-1";
            var from = permission.Number("FromPort") is { } f ? (int?)f : null;
            var to = permission.Number("ToPort") is { } t ? (int?)t : null;
            var cidrs = permission.Array("IpRanges").Select(r => r.String("CidrIp"))
                .Concat(permission.Array("Ipv6Ranges").Select(r => r.String("CidrIpv6")))
                .OfType<string>();
            foreach (var cidr in cidrs.Where(c => WorldCidrs.Contains(c)))
            {
                rules.Add(new OpenIngressRule(protocol, from, to, cidr));
            }
        }

        return rules;
    }

    /// <summary>The group id (sg-…) of a security-group resource.</summary>
    public static string SecurityGroupId(FindingResource resource) =>
        DetailsFor(resource)?.String("GroupId") ?? ResourceNames.ShortId(resource.Id);

    /// <summary>The bucket name of an S3 bucket resource ("arn:aws:s3:::name").</summary>
    public static string BucketName(FindingResource resource) => ResourceNames.ShortId(resource.Id);

    /// <summary>Whether an RDS instance says it is publicly accessible.</summary>
    public static bool? RdsPubliclyAccessible(FindingResource resource) =>
        DetailsFor(resource)?.TryGet("PubliclyAccessible", out var value) == true && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
