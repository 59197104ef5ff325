using SecHubBot.Ingest.Cli;

// One executable: the CLI here; the Lambda Runtime API loop (when AWS_LAMBDA_RUNTIME_API is set) comes with the Ingest pipeline.
Console.OutputEncoding = System.Text.Encoding.UTF8;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await new IngestCli(Console.In, Console.Out, Console.Error).RunAsync(args, cancellation.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 1;
}
