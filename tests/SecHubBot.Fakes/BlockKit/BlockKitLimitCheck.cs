using System.Text.Json;
using SecHubBot.Core.Slack.BlockKit;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Fakes.BlockKit;

/// <summary>
/// Checks a chat.postMessage body against Slack's Block Kit limits, independently of the composer
/// that built it: it reads the JSON as Slack would receive it. Returns every violation found.
/// </summary>
public static class BlockKitLimitCheck
{
    public static IReadOnlyList<string> Check(SlackMessage message) =>
        Check(JsonSerializer.SerializeToElement(message, SlackJson.Context.SlackMessage));

    public static IReadOnlyList<string> Check(JsonElement body)
    {
        var problems = new List<string>();
        if (!body.TryGetProperty("channel", out var channel) || channel.ValueKind != JsonValueKind.String || channel.GetString()!.Length == 0)
        {
            problems.Add("channel is missing");
        }

        if (body.TryGetProperty("text", out var text))
        {
            Max(problems, "text", text.GetString(), BlockKitLimits.MessageText);
        }

        if (!body.TryGetProperty("blocks", out var blocks))
        {
            return problems;
        }

        if (blocks.GetArrayLength() > BlockKitLimits.BlocksPerMessage)
        {
            problems.Add($"{blocks.GetArrayLength()} blocks > {BlockKitLimits.BlocksPerMessage}");
        }

        var markdownTotal = 0;
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var where = $"blocks[{index++}]";
            var type = block.GetProperty("type").GetString();
            if (block.TryGetProperty("block_id", out var blockId))
            {
                Max(problems, where + ".block_id", blockId.GetString(), BlockKitLimits.BlockId);
            }

            switch (type)
            {
                case "header":
                    ExpectType(problems, where + ".text", block.GetProperty("text"), "plain_text");
                    Max(problems, where + ".text", block.GetProperty("text").GetProperty("text").GetString(), BlockKitLimits.HeaderText);
                    break;
                case "section":
                    var hasText = block.TryGetProperty("text", out var sectionText);
                    var hasFields = block.TryGetProperty("fields", out var fields);
                    if (!hasText && !hasFields)
                    {
                        problems.Add(where + " has neither text nor fields");
                    }

                    if (hasText)
                    {
                        Max(problems, where + ".text", sectionText.GetProperty("text").GetString(), BlockKitLimits.SectionText);
                        NotEmpty(problems, where + ".text", sectionText.GetProperty("text").GetString());
                    }

                    if (hasFields)
                    {
                        if (fields.GetArrayLength() > BlockKitLimits.SectionFields)
                        {
                            problems.Add($"{where}.fields has {fields.GetArrayLength()} > {BlockKitLimits.SectionFields}");
                        }

                        var f = 0;
                        foreach (var field in fields.EnumerateArray())
                        {
                            Max(problems, $"{where}.fields[{f}]", field.GetProperty("text").GetString(), BlockKitLimits.SectionFieldText);
                            NotEmpty(problems, $"{where}.fields[{f++}]", field.GetProperty("text").GetString());
                        }
                    }

                    break;
                case "context":
                    var elements = block.GetProperty("elements");
                    if (elements.GetArrayLength() is 0 or > BlockKitLimits.ContextElements)
                    {
                        problems.Add($"{where}.elements has {elements.GetArrayLength()} elements");
                    }

                    foreach (var element in elements.EnumerateArray())
                    {
                        Max(problems, where + ".elements[]", element.GetProperty("text").GetString(), BlockKitLimits.SectionText);
                    }

                    break;
                case "actions":
                    var actions = block.GetProperty("elements");
                    if (actions.GetArrayLength() is 0 or > BlockKitLimits.ActionsElements)
                    {
                        problems.Add($"{where}.elements has {actions.GetArrayLength()} elements");
                    }

                    foreach (var button in actions.EnumerateArray())
                    {
                        Max(problems, where + ".button.text", button.GetProperty("text").GetProperty("text").GetString(), BlockKitLimits.ButtonText);
                        if (button.TryGetProperty("value", out var value))
                        {
                            Max(problems, where + ".button.value", value.GetString(), BlockKitLimits.ButtonValue);
                        }

                        if (button.TryGetProperty("url", out var url))
                        {
                            Max(problems, where + ".button.url", url.GetString(), BlockKitLimits.ButtonUrl);
                        }

                        if (button.TryGetProperty("action_id", out var actionId))
                        {
                            Max(problems, where + ".button.action_id", actionId.GetString(), BlockKitLimits.ActionId);
                        }
                    }

                    break;
                case "markdown":
                    markdownTotal += block.GetProperty("text").GetString()!.Length;
                    break;
                case "divider":
                    break;
                default:
                    problems.Add($"{where} has unexpected type {type}");
                    break;
            }
        }

        if (markdownTotal > BlockKitLimits.MarkdownBlocksPerPayload)
        {
            problems.Add($"markdown blocks total {markdownTotal} > {BlockKitLimits.MarkdownBlocksPerPayload}");
        }

        return problems;
    }

    private static void ExpectType(List<string> problems, string where, JsonElement textObject, string type)
    {
        if (textObject.GetProperty("type").GetString() != type)
        {
            problems.Add($"{where} must be {type}");
        }
    }

    private static void Max(List<string> problems, string where, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add($"{where} is {value.Length} characters > {max}");
        }
    }

    private static void NotEmpty(List<string> problems, string where, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{where} is empty");
        }
    }
}
