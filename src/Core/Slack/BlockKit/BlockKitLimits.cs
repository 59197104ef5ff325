namespace SecHubBot.Core.Slack.BlockKit;

/// <summary>
/// Slack's Block Kit size limits. Composers meet them by construction (truncate with an ellipsis,
/// split, or move text to the thread); Slack answers invalid_blocks or msg_blocks_too_long otherwise.
/// </summary>
/// <remarks>https://docs.slack.dev/reference/block-kit/blocks; python slack_sdk validators.</remarks>
public static class BlockKitLimits
{
    public const int BlocksPerMessage = 50;
    public const int BlocksPerModal = 100;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int SectionFieldText = 2000;
    public const int ContextElements = 10;
    public const int ActionsElements = 25;
    public const int ContextActionsElements = 5;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ButtonUrl = 3000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int ConfirmTitle = 100;
    public const int ConfirmText = 300;
    public const int ConfirmButton = 30;
    public const int MarkdownBlocksPerPayload = 12000;

    /// <summary>Slack truncates a message's top-level text beyond 40,000 characters; we keep fallbacks far shorter.</summary>
    public const int MessageText = 40000;

    /// <summary>What we allow ourselves for the notification fallback text.</summary>
    public const int FallbackText = 3000;
}
