using System.Text.Json;
using System.Text.Json.Nodes;
using SecHubBot.Bot.Conversation;
using SecHubBot.Fakes.Slack;

namespace SecHubBot.Bot.Tests.Conversation;

/// <summary>
/// The Slack calls an answer makes, streamed and by the chat.update fallback, with feedback buttons and
/// suggestions. tests/contract/run.sh runs this with <c>SECHUBBOT_CONTRACT_OUT</c> set and type-checks what it
/// writes against @slack/web-api's argument types (ChatStartStreamArguments, ChatStopStreamArguments,
/// AssistantThreadsSetStatusArguments, …) with tsc.
/// </summary>
public sealed class ContractSampleTests
{
    public const string OutputVariable = "SECHUBBOT_CONTRACT_OUT";

    private static readonly string[] Methods =
        ["assistant.threads.setStatus", "chat.startStream", "chat.appendStream", "chat.stopStream", "chat.postMessage", "chat.update", "chat.postEphemeral"];

    [Fact]
    public async Task Answers_StreamedAndFallback_RecordEveryBotCall()
    {
        var calls = new JsonArray();
        var code = string.Concat(Enumerable.Range(0, 150).Select(i => $"sg.addIngressRule(ec2.Peer.ipv4('10.0.{i}.0/24'), ec2.Port.tcp(443));\n"));
        const string Hostile = "**Fix**: see [docs](https://docs.aws.amazon.com/a) and [x](https://evil.example). Ping <@U0BOSS> @here.\n\n```ts\nconst x: Array<string> = [];\n```\n";
        foreach (var (refusal, answer) in new[] { ((string?)null, Hostile), (null, $"Long:\n\n```ts\n{code}```\n\n```ts\n{code}```\n\n```ts\n{code}```\n\nDone."), ("access_denied", Hostile) })
        {
            await using var host = await BotTestHost.StartAsync();
            host.Slack.StreamingRefusal = refusal;
            host.Bedrock.Reply = _ => answer;
            var parentTs = await host.PostAlertAsync();
            var before = host.Slack.Calls.Count;

            await host.ReplyAsync(parentTs, "how do I fix this?");
            await BotTestHost.Until(() => host.BotReplies(parentTs).Any(m => m.Content?.Contains(AnswerStream.AiFooterText, StringComparison.Ordinal) == true), "the answer");
            var negative = host.BotReplies(parentTs).Last(m => m.Blocks is not null).Blocks!.Value
                .EnumerateArray().First(b => b.GetProperty("type").GetString() == "context_actions")
                .GetProperty("elements")[0].GetProperty("negative_button").GetProperty("value").GetString()!;
            var click = JsonNode.Parse(SlackFakePayloads.BlockAction(Core.Alerts.AnswerActions.FeedbackActionId, negative, SlackFake.DefaultChannel, parentTs).GetRawText())!;
            click["message"]!["thread_ts"] = parentTs;
            await host.Slack.SocketMode.SendInteractiveAsync(JsonSerializer.SerializeToElement(click));
            await BotTestHost.Until(() => host.Slack.CallsTo("chat.postEphemeral").Count == 1, "the feedback offer");

            foreach (var call in host.Slack.Calls.Skip(before).Where(c => !c.Answered429 && Methods.Contains(c.Method)))
            {
                calls.Add(new JsonObject { ["method"] = call.Method, ["body"] = JsonNode.Parse(call.Body.GetRawText()) });
            }
        }

        var seen = calls.Select(c => c!["method"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        Assert.All(Methods, m => Assert.Contains(m, seen));
        if (Environment.GetEnvironmentVariable(OutputVariable) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "bot-answers.json"), calls.ToJsonString());
        }
    }
}
