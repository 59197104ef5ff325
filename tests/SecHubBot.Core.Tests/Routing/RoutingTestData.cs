using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Explain;
using SecHubBot.Core.Findings;
using SecHubBot.Core.Routing;

namespace SecHubBot.Core.Tests.Routing;

/// <summary>Findings with the fields routing reads, and configuration run through the real binding and start-up checks.</summary>
internal static class RoutingTestData
{
    public const string DefaultChannel = "C0SECURITY0";

    public static readonly RouteDefaults Defaults = new(DefaultChannel, IacFlavor.Terraform, ["S0SECLEADS0"]);

    public static Finding Finding(
        string? account = "111122223333",
        string? region = "eu-west-1",
        SeverityLabel severity = SeverityLabel.High,
        string productArn = "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
        string? productName = "Security Hub",
        FindingProduct product = FindingProduct.SecurityHubControl,
        string? control = "S3.1",
        params FindingResource[] resources) => new()
    {
        Id = $"arn:aws:securityhub:{region}:{account}:finding/{Guid.NewGuid()}",
        ProductArn = productArn,
        ProductName = productName,
        Product = product,
        AwsAccountId = account,
        Region = region,
        Title = "t",
        Severity = new FindingSeverity(severity, null, null),
        ControlId = control,
        Resources = resources,
    };

    public static FindingResource Tagged(string id, params (string Key, string Value)[] tags) =>
        new("AwsS3Bucket", id) { Tags = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) };

    /// <summary>Configuration from key/value pairs; a later pair replaces an earlier one with the same key, so a test can vary a sound base.</summary>
    public static IConfiguration Config(params (string Key, string? Value)[] values)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            pairs[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
    }

    /// <summary>
    /// Configuration read by the real environment-variable provider: the variables are set in this process under a
    /// prefix no other test uses, read once, and removed.
    /// </summary>
    public static IConfiguration FromEnvironment(IEnumerable<(string Name, string Value)> variables)
    {
        var prefix = $"SECHUBBOT_ROUTING_TEST_{Guid.NewGuid():N}_";
        var set = variables.ToList();
        try
        {
            foreach (var (name, value) in set)
            {
                Environment.SetEnvironmentVariable(prefix + name, value);
            }

            return new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
        }
        finally
        {
            foreach (var (name, _) in set)
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    public static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddAlertRouting(configuration, _ => Defaults).BuildServiceProvider();

    public static AlertRouter Router(params (string Key, string? Value)[] values) =>
        Services(Config(values)).GetRequiredService<AlertRouter>();

    /// <summary>What start-up validation reports, one line per problem, the way a host runs it (ValidateOnStart).</summary>
    public static IReadOnlyList<string> StartupProblems(IConfiguration configuration)
    {
        using var services = Services(configuration);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }

    public static IReadOnlyList<string> StartupProblems(params (string Key, string? Value)[] values) => StartupProblems(Config(values));
}
