namespace SecHubBot.Ingest.Cli;

/// <summary>The CLI's exit codes, a contract with people and acceptance checks (DESIGN.md §3).</summary>
internal static class ExitCodes
{
    public const int Done = 0;
    public const int DependencyFailed = 1;
    public const int BadInput = 2;
}
