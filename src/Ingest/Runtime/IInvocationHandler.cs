namespace SecHubBot.Ingest.Runtime;

/// <summary>Handles one invocation's payload and returns the response body. Its token is cancelled at the deadline.</summary>
internal interface IInvocationHandler
{
    Task<byte[]> HandleAsync(Invocation invocation, CancellationToken cancellationToken);
}
