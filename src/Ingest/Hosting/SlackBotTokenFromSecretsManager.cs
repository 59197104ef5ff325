using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SecHubBot.Core.Aws;
using SecHubBot.Core.Configuration;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Ingest.Hosting;

/// <summary>
/// When <c>Slack:BotToken</c> (or SLACK_BOT_TOKEN) is unset and <c>Slack:BotTokenSecretArn</c> is set, reads the
/// token from Secrets Manager into the options, in memory only (never in a log, the configuration or the
/// environment), with the same credentials the other AWS calls use.
/// </summary>
internal sealed class SlackBotTokenFromSecretsManager(AwsCredentialSource credentials, IOptions<AwsOptions> aws, IConfiguration configuration)
    : IPostConfigureOptions<SlackOptions>
{
    /// <summary><c>SecretsManager:ServiceUrl</c>: overrides the regional endpoint (tests, VPC endpoints).</summary>
    public const string ServiceUrlKey = "SecretsManager:ServiceUrl";

    // Options are built once per cache (IOptions and IOptionsMonitor each keep one): the secret is read once.
    private readonly Lock _gate = new();
    private string? _token;

    public void PostConfigure(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.BotToken) || string.IsNullOrWhiteSpace(options.BotTokenSecretArn))
        {
            return;
        }

        lock (_gate)
        {
            options.BotToken = _token ??= Read(options.BotTokenSecretArn.Trim());
        }
    }

    private string Read(string secretArn)
    {
        var region = (string.IsNullOrWhiteSpace(aws.Value.Region) ? null : aws.Value.Region.Trim())
            ?? (secretArn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : null)
            ?? throw new InvalidConfigurationException("Aws:Region", "No AWS region to read Slack:BotTokenSecretArn from: set Aws:Region (or AWS_REGION).");
        var client = SecretsManagerClient.Create(credentials, region, configuration[ServiceUrlKey]);

        // Options are built synchronously. This runs once, when start-up validation first asks for the Slack
        // options (Lambda init, before the first poll; the CLI, before the first post), on a thread with no
        // synchronization context, so waiting here cannot deadlock.
        return client.GetSecretStringAsync(secretArn).GetAwaiter().GetResult();
    }
}
