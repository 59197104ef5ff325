using System.Text.Json;
using SecHubBot.Core.Slack.Messages;

namespace SecHubBot.Fakes.BlockKit;

/// <summary>
/// Checks a chat.postMessage body against Slack's Block Kit limits, independently of the composer
/// that built it: it reads the JSON as Slack would receive it, and states Slack's documented numbers
/// itself (never the product's own constants, which would move with a bug). Returns every violation found.
/// </summary>
/// <remarks>
/// https://docs.slack.dev/reference/block-kit/blocks (per block type), https://docs.slack.dev/reference/block-kit/block-elements/button-element,
/// https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object, https://docs.slack.dev/reference/methods/chat.postMessage.
/// </remarks>
public static class BlockKitLimitCheck
{
    public const int BlocksPerMessage = 50;
    public const int HeaderText = 150;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int SectionFieldText = 2000;
    public const int ContextElements = 10;
    public const int ActionsElements = 25;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ButtonUrl = 3000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int ConfirmTitle = 100;
    public const int ConfirmText = 300;
    public const int ConfirmButton = 30;
    public const int MarkdownBlocksPerPayload = 12000;
    public const int MessageText = 40000;

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
            Max(problems, "text", text.GetString(), MessageText);
        }

        if (!body.TryGetProperty("blocks", out var blocks))
        {
            return problems;
        }

        if (blocks.GetArrayLength() > BlocksPerMessage)
        {
            problems.Add($"{blocks.GetArrayLength()} blocks > {BlocksPerMessage}");
        }

        var markdownTotal = 0;
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var where = $"blocks[{index++}]";
            var type = block.GetProperty("type").GetString();
            if (block.TryGetProperty("block_id", out var blockId))
            {
                Max(problems, where + ".block_id", blockId.GetString(), BlockId);
            }

            switch (type)
            {
                case "header":
                    ExpectType(problems, where + ".text", block.GetProperty("text"), "plain_text");
                    Max(problems, where + ".text", block.GetProperty("text").GetProperty("text").GetString(), HeaderText);
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
                        Max(problems, where + ".text", sectionText.GetProperty("text").GetString(), SectionText);
                        NotEmpty(problems, where + ".text", sectionText.GetProperty("text").GetString());
                    }

                    if (hasFields)
                    {
                        if (fields.GetArrayLength() > SectionFields)
                        {
                            problems.Add($"{where}.fields has {fields.GetArrayLength()} > {SectionFields}");
                        }

                        var f = 0;
                        foreach (var field in fields.EnumerateArray())
                        {
                            Max(problems, $"{where}.fields[{f}]", field.GetProperty("text").GetString(), SectionFieldText);
                            NotEmpty(problems, $"{where}.fields[{f++}]", field.GetProperty("text").GetString());
                        }
                    }

                    break;
                case "context":
                    var elements = block.GetProperty("elements");
                    if (elements.GetArrayLength() is 0 or > ContextElements)
                    {
                        problems.Add($"{where}.elements has {elements.GetArrayLength()} elements");
                    }

                    foreach (var element in elements.EnumerateArray())
                    {
                        Max(problems, where + ".elements[]", element.GetProperty("text").GetString(), SectionText);
                    }

                    break;
                case "actions":
                    var actions = block.GetProperty("elements");
                    if (actions.GetArrayLength() is 0 or > ActionsElements)
                    {
                        problems.Add($"{where}.elements has {actions.GetArrayLength()} elements");
                    }

                    foreach (var button in actions.EnumerateArray())
                    {
                        Max(problems, where + ".button.text", button.GetProperty("text").GetProperty("text").GetString(), ButtonText);
                        if (button.TryGetProperty("value", out var value))
                        {
                            Max(problems, where + ".button.value", value.GetString(), ButtonValue);
                        }

                        if (button.TryGetProperty("url", out var url))
                        {
                            Max(problems, where + ".button.url", url.GetString(), ButtonUrl);
                        }

                        if (button.TryGetProperty("confirm", out var confirm))
                        {
                            Max(problems, where + ".button.confirm.title", confirm.GetProperty("title").GetProperty("text").GetString(), ConfirmTitle);
                            Max(problems, where + ".button.confirm.text", confirm.GetProperty("text").GetProperty("text").GetString(), ConfirmText);
                            Max(problems, where + ".button.confirm.confirm", confirm.GetProperty("confirm").GetProperty("text").GetString(), ConfirmButton);
                            Max(problems, where + ".button.confirm.deny", confirm.GetProperty("deny").GetProperty("text").GetString(), ConfirmButton);
                        }

                        if (button.TryGetProperty("action_id", out var actionId))
                        {
                            Max(problems, where + ".button.action_id", actionId.GetString(), ActionId);
                        }
                    }

                    break;
                case "context_actions":
                    // Slack: context_actions holds 1-5 feedback_buttons or icon_button elements; a feedback button's text is at most 75, its value at most 2000.
                    var contextActions = block.GetProperty("elements");
                    if (contextActions.GetArrayLength() is 0 or > 5)
                    {
                        problems.Add($"{where}.elements has {contextActions.GetArrayLength()} elements");
                    }

                    foreach (var element in contextActions.EnumerateArray())
                    {
                        foreach (var side in new[] { "positive_button", "negative_button" })
                        {
                            if (element.TryGetProperty(side, out var feedback))
                            {
                                Max(problems, $"{where}.{side}.text", feedback.GetProperty("text").GetProperty("text").GetString(), 75);
                                Max(problems, $"{where}.{side}.value", feedback.GetProperty("value").GetString(), 2000);
                            }
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

        if (markdownTotal > MarkdownBlocksPerPayload)
        {
            problems.Add($"markdown blocks total {markdownTotal} > {MarkdownBlocksPerPayload}");
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
