using System.Text.Json;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Ingest.Preview;

/// <summary>
/// A link that opens a message's blocks in Slack's Block Kit Builder, which reads the payload
/// (<c>{"blocks": [...]}</c>, URL-encoded) from the fragment, so nothing is sent to a server.
/// </summary>
internal static class BlockKitBuilderLink
{
    private const string Base = "https://app.slack.com/block-kit-builder/#";

    public static string For(SlackMessage message)
    {
        var blocks = JsonSerializer.Serialize(message.Blocks ?? [], SlackJson.Context.IReadOnlyListBlock);
        return Base + Uri.EscapeDataString("{\"blocks\":" + blocks + "}");
    }
}
