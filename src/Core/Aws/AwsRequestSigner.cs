using Amazon;
using Amazon.Runtime.Signing;

namespace SecHubBot.Core.Aws;

/// <summary>Signs an <see cref="HttpRequestMessage"/> with SigV4 through AWSSDK.Core's public signer.</summary>
public sealed class AwsRequestSigner
{
    // Headers a previous attempt put on the message; a retry must not carry a stale signature or date.
    private static readonly string[] SigningHeaders = ["Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"];

    private readonly AwsCredentialSource _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _service;

    public AwsRequestSigner(AwsCredentialSource credentials, string region, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _region = RegionEndpoint.GetBySystemName(region);
        _service = service;
    }

    public string Region => _region.SystemName;

    public string Service => _service;

    /// <summary>Replaces any earlier signature on <paramref name="request"/> with a fresh one for now.</summary>
    public async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is null || !request.RequestUri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("A SigV4-signed request needs an absolute URI.");
        }

        foreach (var name in SigningHeaders)
        {
            request.Headers.Remove(name);
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = body,
        };
        // A caller that sets Host explicitly gets that Host signed, since it is what is actually sent.
        if (request.Headers.Host is { Length: > 0 } host)
        {
            signingRequest.Headers["Host"] = host;
        }

        var contentType = request.Content?.Headers.ContentType?.ToString();
        if (contentType is not null)
        {
            signingRequest.Headers["Content-Type"] = contentType;
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = await _credentials.GetCredentialsObjectAsync(cancellationToken).ConfigureAwait(false),
            Region = _region,
            Service = _service,
        };
        var result = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            // Content headers already sit on the content; Host is derived from the URI by HttpClient.
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}

/// <summary>
/// Signs every request it sends. Sits innermost, inside the retry handler, so every attempt gets a
/// fresh date and signature (a replayed signature ages out after five minutes, and throttled calls
/// can wait that long).
/// </summary>
public sealed class AwsSigV4Handler(AwsRequestSigner signer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
