using System.Text;
using System.Text.Json;
using SecHubBot.Core.Slack.WebApi;

namespace SecHubBot.Bot.Conversation;

/// <summary>Reads an alert thread into <see cref="ThreadTurn"/>s: what each message says, and whether we wrote it.</summary>
public static class ThreadTranscript
{
    public static bool IsOurs(ConversationMessage message, AuthTestResult identity)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(identity);
        return (identity.BotId is not null && message.BotId == identity.BotId)
            || (identity.UserId is not null && message.User == identity.UserId);
    }

    /// <summary>The readable text of a message: its blocks' text when it has blocks (our alerts), else its text.</summary>
    public static string TextOf(ConversationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Blocks is { ValueKind: JsonValueKind.Array } blocks && blocks.GetArrayLength() > 0)
        {
            var text = new StringBuilder();
            foreach (var block in blocks.EnumerateArray())
            {
                // Buttons under an answer (feedback, suggested questions) are not what it says.
                if (block.TryGetProperty("type", out var type) && type.GetString() is "actions" or "context_actions")
                {
                    continue;
                }

                if (block.TryGetProperty("text", out var markdown) && markdown.ValueKind == JsonValueKind.String)
                {
                    text.Append(markdown.GetString()).Append('\n');
                }

                AppendText(text, block, "text");
                foreach (var list in new[] { "fields", "elements" })
                {
                    if (block.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            AppendText(text, item, null);
                        }
                    }
                }
            }

            if (text.Length > 0)
            {
                return text.ToString().Trim();
            }
        }

        return message.Text ?? string.Empty;
    }

    private static void AppendText(StringBuilder output, JsonElement element, string? property)
    {
        var holder = element;
        if (property is not null)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out holder))
            {
                return;
            }
        }

        if (holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            output.Append(text.GetString()).Append('\n');
        }
    }
}
