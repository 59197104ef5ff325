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
                credentials = _credentials ??= await ResolveAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _resolve(cancellationToken).ConfigureAwait(false)
                ?? throw new AwsCredentialsException(NoCredentials);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsCredentialsException(NoCredentials, ex);
        }
    }

    private const string NoCredentials =
        "No AWS credentials resolved. The default chain looks at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and " +
        "~/.aws (including SSO), web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), container credentials " +
        "(ECS, EKS Pod Identity) and instance metadata.";

    /// <summary>The credentials object, resolved if needed, for APIs that take one.</summary>
    public async Task<AWSCredentials> GetCredentialsObjectAsync(CancellationToken cancellationToken)
    {
        _ = await GetAsync(cancellationToken).ConfigureAwait(false);
        return _credentials!;
    }
}

/// <summary>No credential source in the chain produced credentials; the message lists where it looked.</summary>
public sealed class AwsCredentialsException : Exception
{
    public AwsCredentialsException()
    {
    }

    public AwsCredentialsException(string message)
        : base(message)
    {
    }

    public AwsCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
