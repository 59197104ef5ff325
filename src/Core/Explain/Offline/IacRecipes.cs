using System.Globalization;
using System.Text;
using SecHubBot.Core.Findings;

namespace SecHubBot.Core.Explain.Offline;

/// <summary>
/// Infrastructure-as-code for the few fixes that can be written from the finding alone, filled
/// with the finding's own identifiers. Anything else gets no snippet rather than a guess; the
/// model (Bedrock mode) writes IaC for the long tail.
/// </summary>
public static class IacRecipes
{
    public static IacSnippet? For(Finding finding, IacFlavor flavor)
    {
        if (flavor == IacFlavor.Console)
        {
            return null;
        }

        foreach (var resource in finding.Resources)
        {
            var open = ResourceFacts.OpenIngress(resource);
            if (open.Count > 0)
            {
                return new IacSnippet(flavor, RestrictedIngress(flavor, ResourceFacts.SecurityGroupId(resource), open[0]));
            }
        }

        var control = finding.ControlId ?? string.Empty;
        var bucket = finding.Resources.FirstOrDefault(r => r.Type == "AwsS3Bucket");
        if (control is "S3.1" || (bucket is null && control is "S3.8" or "PCI.S3.6"))
        {
            return new IacSnippet(flavor, AccountPublicAccessBlock(flavor));
        }

        if (bucket is not null && (control is "S3.2" or "S3.3" or "S3.8" or "PCI.S3.1" or "PCI.S3.2" || finding.Types.Any(t => t.Contains("Data Exposure", StringComparison.Ordinal))))
        {
            return new IacSnippet(flavor, BucketPublicAccessBlock(flavor, ResourceFacts.BucketName(bucket)));
        }

        var database = finding.Resources.FirstOrDefault(r => r.Type == "AwsRdsDbInstance");
        if (database is not null && (control is "RDS.2" || ResourceFacts.RdsPubliclyAccessible(database) == true))
        {
            return new IacSnippet(flavor, PrivateDatabase(flavor, ResourceFacts.NameOf(database) ?? ResourceNames.ShortId(database.Id)));
        }

        return null;
    }

    private static string RestrictedIngress(IacFlavor flavor, string groupId, OpenIngressRule rule)
    {
        var from = (rule.FromPort ?? 0).ToString(CultureInfo.InvariantCulture);
        var to = (rule.ToPort ?? 65535).ToString(CultureInfo.InvariantCulture);
        var protocol = rule.Protocol == "-1" ? "-1" : rule.Protocol;
        return flavor switch
        {
            IacFlavor.Terraform => new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# Replace the rule that allows {rule.Cidr} with one for your own network only.")
                .AppendLine("resource \"aws_vpc_security_group_ingress_rule\" \"restricted\" {")
                .AppendLine(CultureInfo.InvariantCulture, $"  security_group_id = \"{groupId}\"")
                .AppendLine(CultureInfo.InvariantCulture, $"  ip_protocol       = \"{protocol}\"")
                .AppendLine(CultureInfo.InvariantCulture, $"  from_port         = {from}")
                .AppendLine(CultureInfo.InvariantCulture, $"  to_port           = {to}")
                .AppendLine("  cidr_ipv4         = \"10.0.0.0/8\" # your VPN or office range, never 0.0.0.0/0")
                .Append('}').ToString(),
            IacFlavor.Cdk => new StringBuilder()
                .AppendLine("// Import the group and allow only your own network.")
                .AppendLine(CultureInfo.InvariantCulture, $"const sg = ec2.SecurityGroup.fromSecurityGroupId(this, 'Sg', '{groupId}');")
                .AppendLine(CultureInfo.InvariantCulture, $"sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcpRange({from}, {to}), 'VPN only');")
                .Append(CultureInfo.InvariantCulture, $"// Then delete the {rule.Cidr} rule from the template that created it.").ToString(),
            _ => new StringBuilder()
                .AppendLine("RestrictedIngress:")
                .AppendLine("  Type: AWS::EC2::SecurityGroupIngress")
                .AppendLine("  Properties:")
                .AppendLine(CultureInfo.InvariantCulture, $"    GroupId: {groupId}")
                .AppendLine(CultureInfo.InvariantCulture, $"    IpProtocol: \"{protocol}\"")
                .AppendLine(CultureInfo.InvariantCulture, $"    FromPort: {from}")
                .AppendLine(CultureInfo.InvariantCulture, $"    ToPort: {to}")
                .Append("    CidrIp: 10.0.0.0/8  # your VPN or office range, never 0.0.0.0/0").ToString(),
        };
    }

    private static string AccountPublicAccessBlock(IacFlavor flavor) => flavor switch
    {
        IacFlavor.Terraform =>
            """
            resource "aws_s3_account_public_access_block" "this" {
              block_public_acls       = true
              block_public_policy     = true
              ignore_public_acls      = true
              restrict_public_buckets = true
            }
            """,
        _ =>
            """
            # CloudFormation and CDK have no resource for the account-level setting; run once per account:
            aws s3control put-public-access-block --account-id <account-id> \
              --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
            """,
    };

    private static string BucketPublicAccessBlock(IacFlavor flavor, string bucket) => flavor switch
    {
        IacFlavor.Terraform =>
            $$"""
            resource "aws_s3_bucket_public_access_block" "this" {
              bucket                  = "{{bucket}}"
              block_public_acls       = true
              block_public_policy     = true
              ignore_public_acls      = true
              restrict_public_buckets = true
            }
            """,
        IacFlavor.Cdk =>
            $$"""
            // In the stack that owns the bucket:
            new s3.Bucket(this, 'Bucket', {
              bucketName: '{{bucket}}',
              blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
            });
            """,
        _ =>
            $$"""
            Bucket:
              Type: AWS::S3::Bucket
              Properties:
                BucketName: {{bucket}}
                PublicAccessBlockConfiguration:
                  BlockPublicAcls: true
                  BlockPublicPolicy: true
                  IgnorePublicAcls: true
                  RestrictPublicBuckets: true
            """,
    };

    private static string PrivateDatabase(IacFlavor flavor, string identifier) => flavor switch
    {
        IacFlavor.Terraform =>
            $$"""
            resource "aws_db_instance" "this" {
              identifier          = "{{identifier}}"
              # ... existing settings ...
              publicly_accessible = false
            }
            """,
        IacFlavor.Cdk =>
            """
            // In the stack that owns the instance: place it in private subnets.
            new rds.DatabaseInstance(this, 'Db', {
              // ... existing settings ...
              publiclyAccessible: false,
              vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
            });
            """,
        _ =>
            $$"""
            Database:
              Type: AWS::RDS::DBInstance
              Properties:
                DBInstanceIdentifier: {{identifier}}
                # ... existing properties ...
                PubliclyAccessible: false
            """,
    };
}
