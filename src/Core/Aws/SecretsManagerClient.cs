using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecHubBot.Core.Aws;

/// <summary>
/// Secrets Manager's GetSecretValue, the one call the Ingest Lambda makes at start-up to read the Slack
/// bot token (<c>Slack:BotTokenSecretArn</c>): AWS JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target</c>), SigV4
/// service "secretsmanager". The secret's value never appears in a log line or an exception message.
/// </summary>
/// <remarks>https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html</remarks>
public sealed class SecretsManagerClient
{
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.1");
    private readonly HttpClient _http;

    /// <param name="http">Sends to the endpoint (its BaseAddress) through an <see cref="AwsSigV4Handler"/>.</param>
    public SecretsManagerClient(HttpClient http)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        if (_http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the Secrets Manager endpoint).", nameof(http));
        }
    }

    /// <summary>A client for <paramref name="region"/> (or <paramref name="serviceUrl"/>, for tests and VPC endpoints) signing with <paramref name="credentials"/>.</summary>
    public static SecretsManagerClient Create(AwsCredentialSource credentials, string region, string? serviceUrl = null)
    {
        var endpoint = string.IsNullOrWhiteSpace(serviceUrl)
            ? new Uri($"https://secretsmanager.{region}.{AwsOptions.DnsSuffix(region)}/")
            : new Uri(serviceUrl, UriKind.Absolute);
        var signer = new AwsSigV4Handler(new AwsRequestSigner(credentials, region, "secretsmanager"))
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false },
        };
        return new SecretsManagerClient(new HttpClient(signer) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(15) });
    }

    /// <summary>The secret's SecretString; throws <see cref="SecretsManagerException"/> naming the secret and AWS's error code, never the value.</summary>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new GetSecretValueRequest(secretId), SecretsManagerJson.Default.GetSecretValueRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = AmzJson;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager.GetSecretValue");

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SecretsManagerException(
                $"Secrets Manager GetSecretValue for {secretId} failed: HTTP {(int)response.StatusCode} {ErrorCode(response, payload)}".TrimEnd());
        }

        GetSecretValueResponse? result;
        try
        {
            result = JsonSerializer.Deserialize(payload, SecretsManagerJson.Default.GetSecretValueResponse);
        }
        catch (JsonException)
        {
            throw new SecretsManagerException($"Secrets Manager GetSecretValue for {secretId} returned a body that is not the expected JSON.");
        }

        return result?.SecretString is { Length: > 0 } value
            ? value.Trim()
            : throw new SecretsManagerException($"The secret {secretId} has no SecretString (a binary secret is not supported).");
    }

    private static string ErrorCode(HttpResponseMessage response, byte[] payload)
    {
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { Length: > 0 } header)
        {
            return header.Split(':')[0];
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.TryGetProperty("__type", out var type) && type.GetString() is { } t ? t.Split('#')[^1] : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    internal sealed record GetSecretValueRequest(string SecretId);

    internal sealed record GetSecretValueResponse(string? SecretString);
}

/// <summary>GetSecretValue failed; the message names the secret and the error code, never a secret value.</summary>
public sealed class SecretsManagerException : Exception
{
    public SecretsManagerException()
    {
    }

    public SecretsManagerException(string message)
        : base(message)
    {
    }

    public SecretsManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

[JsonSerializable(typeof(SecretsManagerClient.GetSecretValueRequest))]
[JsonSerializable(typeof(SecretsManagerClient.GetSecretValueResponse))]
internal sealed partial class SecretsManagerJson : JsonSerializerContext;
