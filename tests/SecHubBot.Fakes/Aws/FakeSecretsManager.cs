using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// Secrets Manager on loopback: GetSecretValue only (AWS JSON 1.1: <c>POST /</c>, <c>X-Amz-Target:
/// secretsmanager.GetSecretValue</c>), SigV4-checked for service "secretsmanager".
/// </summary>
public sealed class FakeSecretsManager : FakeAwsHost
{
    public FakeSecretsManager(string region = "us-east-1")
        : base(region, "secretsmanager")
    {
    }

    /// <summary>SecretId (ARN or name) → SecretString.</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    protected override Task<FakeResponse> RespondAsync(string method, string path, System.Text.Json.JsonDocument? body, RecordedAwsRequest request, CancellationToken cancellationToken)
    {
        if (method != "POST" || path != "/" || !request.Headers.TryGetValue("X-Amz-Target", out var target) || target != "secretsmanager.GetSecretValue")
        {
            return Task.FromResult(Error(400, "UnknownOperationException", "Only GetSecretValue is served here."));
        }

        if (!request.Headers.TryGetValue("Content-Type", out var contentType) || !contentType.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal))
        {
            return Task.FromResult(Error(400, "SerializationException", "Content-Type must be application/x-amz-json-1.1."));
        }

        var secretId = body?.RootElement.TryGetProperty("SecretId", out var id) == true ? id.GetString() : null;
        if (secretId is null || !Secrets.TryGetValue(secretId, out var value))
        {
            return Task.FromResult(Error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        }

        var answer = new JsonObject { ["ARN"] = secretId, ["Name"] = secretId.Split(':')[^1], ["SecretString"] = value, ["VersionId"] = Guid.NewGuid().ToString() };
        return Task.FromResult(new FakeResponse(200, answer.ToJsonString(), ContentType: "application/x-amz-json-1.1"));
    }
}
