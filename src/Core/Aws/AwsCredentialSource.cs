using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace SecHubBot.Core.Aws;

/// <summary>
/// Where AWS credentials come from. The default walks the SDK's chain (environment, profile, SSO,
/// web identity for IRSA, EKS Pod Identity, container and instance metadata) once, lazily, and keeps
/// the resulting <see cref="AWSCredentials"/>, which refreshes itself; tests inject fixed credentials.
/// </summary>
public sealed class AwsCredentialSource
{
    private readonly Func<CancellationToken, Task<AWSCredentials>> _resolve;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AWSCredentials? _credentials;

    public AwsCredentialSource(Func<CancellationToken, Task<AWSCredentials>> resolve)
    {
        _resolve = resolve ?? throw new ArgumentNullException(nameof(resolve));
    }

    /// <summary>The SDK's default chain.</summary>
    public static AwsCredentialSource DefaultChain() =>
        new(_ => DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null));

    /// <summary>Fixed credentials (tests, or credentials the host resolved itself).</summary>
    public static AwsCredentialSource Fixed(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new(_ => Task.FromResult(credentials));
    }

    /// <summary>The current immutable key set; the provider refreshes expiring role credentials itself.</summary>
    public async Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var credentials = _credentials;
        if (credentials is null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                credentials = _credentials ??= await _resolve(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("No AWS credentials resolved from the default chain.");
            }
            finally
            {
                _gate.Release();
            }
        }

        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    /// <summary>The credentials object, resolved if needed, for APIs that take one.</summary>
    public async Task<AWSCredentials> GetCredentialsObjectAsync(CancellationToken cancellationToken)
    {
        _ = await GetAsync(cancellationToken).ConfigureAwait(false);
        return _credentials!;
    }
}
