using System.Text.RegularExpressions;
using SecHubBot.Fakes;
using SecHubBot.Fakes.Yaml;

namespace SecHubBot.Core.Tests.Slack;

/// <summary>
/// deploy/slack-app-manifest.yaml asks for exactly the bot scopes the code needs: the scopes of every
/// Web API method the source calls, plus those of the features it receives (the slash command and
/// the events it subscribes to). A new method without a known scope, or a scope nobody needs, fails.
/// </summary>
public partial class SlackAppManifestTests
{
    /// <summary>Bot-token scopes per Web API method, from each method's page on docs.slack.dev/reference/methods.</summary>
    private static readonly Dictionary<string, string[]> MethodScopes = new(StringComparer.Ordinal)
    {
        ["chat.postMessage"] = ["chat:write"],
        ["chat.update"] = ["chat:write"],
        ["chat.postEphemeral"] = ["chat:write"],
        ["chat.startStream"] = ["chat:write"],
        ["chat.appendStream"] = ["chat:write"],
        ["chat.stopStream"] = ["chat:write"],
        // Accepts chat:write since 2026-03-05 (assistant:write before); chat:write is what channel apps use.
        ["assistant.threads.setStatus"] = ["chat:write"],
        // Public and private channels; SecHubBot does not work in DMs (im:history, mpim:history).
        ["conversations.replies"] = ["channels:history", "groups:history"],
        ["users.info"] = ["users:read"],
        ["usergroups.users.list"] = ["usergroups:read"],
        // No scope: views.open needs a fresh trigger_id; auth.test none; apps.connections.open uses the app-level token.
        ["views.open"] = [],
        ["auth.test"] = [],
        ["apps.connections.open"] = [],
    };

    /// <summary>Scopes the manifest's features need: the /sechub command and each subscribed bot event.</summary>
    private static readonly Dictionary<string, string[]> EventScopes = new(StringComparer.Ordinal)
    {
        ["app_mention"] = ["app_mentions:read"],
        ["message.channels"] = ["channels:history"],
        ["message.groups"] = ["groups:history"],
    };

    private static readonly System.Text.Json.Nodes.JsonNode Manifest =
        YamlJson.Load(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "slack-app-manifest.yaml")))!;

    /// <summary>Every Slack method name the product's source passes to the Web API client.</summary>
    private static IReadOnlySet<string> MethodsCalled() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(p => CallPattern().Matches(File.ReadAllText(p)).Select(m => m.Groups["method"].Value))
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void MethodsCalled_FindsTheClientsMethods()
    {
        var methods = MethodsCalled();

        Assert.Contains("chat.postMessage", methods);
        Assert.Contains("conversations.replies", methods);
        Assert.Contains("apps.connections.open", methods);
    }

    [Fact]
    public void EveryMethodCalled_HasKnownScopes()
    {
        var unknown = MethodsCalled().Where(m => !MethodScopes.ContainsKey(m)).ToArray();

        Assert.True(unknown.Length == 0, $"add the scopes of {string.Join(", ", unknown)} to this test and the manifest");
    }

    [Fact]
    public void BotScopes_AreExactlyWhatTheCodeAndFeaturesNeed()
    {
        var events = Manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
        var needed = MethodsCalled().SelectMany(m => MethodScopes.GetValueOrDefault(m, []))
            .Concat(events.SelectMany(e => EventScopes[e]))
            .Concat(Manifest["features"]!["slash_commands"] is { } commands && commands.AsArray().Count > 0 ? ["commands"] : Array.Empty<string>())
            .ToHashSet(StringComparer.Ordinal);
        var declared = Manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(needed.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_TurnsOnSocketModeInteractivityAndTheCommand()
    {
        Assert.True(Manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.True(Manifest["settings"]!["interactivity"]!["is_enabled"]!.GetValue<bool>());
        Assert.Equal("/sechub", Manifest["features"]!["slash_commands"]![0]!["command"]!.GetValue<string>());
    }

    // CallAsync("chat.postMessage", ...) is how SlackApiClient names every Web API method it calls.
    [GeneratedRegex("""CallAsync\(\s*"(?<method>[a-z]+\.[A-Za-z.]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex CallPattern();
}
