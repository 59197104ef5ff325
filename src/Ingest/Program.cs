using SecHubBot.Ingest.Cli;
using SecHubBot.Ingest.Hosting;
using SecHubBot.Ingest.Lambda;

// One executable (DESIGN.md §3 "Lambda"): the Lambda Runtime API loop when AWS_LAMBDA_RUNTIME_API is set
// (that is how provided.al2023 starts bootstrap), the CLI otherwise.
Console.OutputEncoding = System.Text.Encoding.UTF8;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 } runtimeApi)
{
    // Lambda sends SIGTERM before it shuts a sandbox down; stop polling for events then.
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        cancellation.Cancel();
    });

    // On Lambda every setting comes from the function's environment.
    return await IngestLambda.RunAsync(runtimeApi, IngestHost.CreateBuilder([]), cancellation.Token);
}

try
{
    return await new IngestCli(Console.In, Console.Out, Console.Error).RunAsync(args, cancellation.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 1;
}
