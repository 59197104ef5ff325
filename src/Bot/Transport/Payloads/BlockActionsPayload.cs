namespace SecHubBot.Bot.Transport.Payloads;

/// <summary>A block_actions interaction: a button click on one of our messages.</summary>
/// <remarks>https://docs.slack.dev/reference/interaction-payloads/block_actions-payload</remarks>
public sealed record BlockActionsPayload : SlackPayload
{
    public SlackObjectRef? User { get; init; }

    /// <summary>The workspace the click came from.</summary>
    public SlackObjectRef? Team { get; init; }

    public SlackObjectRef? Channel { get; init; }

    public BlockActionsContainer? Container { get; init; }

    public BlockActionsMessage? Message { get; init; }

    /// <summary>For views.open; valid for 3 seconds after Slack sent it.</summary>
    public string? TriggerId { get; init; }

    public string? ResponseUrl { get; init; }

    public IReadOnlyList<BlockActionsAction>? Actions { get; init; }

    /// <summary>The first (for a button: the only) action, with who clicked where; null if the payload names no action or no user.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public BlockAction? First => Actions is [{ ActionId: { } actionId } action, ..] && User?.Id is { } user
        ? new BlockAction(
            actionId,
            action.Value,
            user,
            Container?.ChannelId ?? Channel?.Id,
            Container?.MessageTs ?? Message?.Ts,
            Message?.ThreadTs,
            TriggerId,
            Uri.TryCreate(ResponseUrl, UriKind.Absolute, out var url) ? url : null)
        {
            Workspace = Team?.Id,
            UserTeam = User.TeamId ?? Team?.Id,
        }
        : null;
}

public sealed record BlockActionsContainer
{
    public string? ChannelId { get; init; }

    public string? MessageTs { get; init; }
}

public sealed record BlockActionsMessage
{
    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }
}

public sealed record BlockActionsAction
{
    public string? ActionId { get; init; }

    public string? Value { get; init; }
}

/// <summary>What the button handlers use of a click: who clicked what, where.</summary>
public sealed record BlockAction(
    string ActionId,
    string? Value,
    string UserId,
    string? Channel,
    string? MessageTs,
    string? ThreadTs,
    string? TriggerId,
    Uri? ResponseUrl)
{
    /// <summary>The workspace (team id) the click came from: streaming's recipient_team_id and per-workspace memory.</summary>
    public string? Workspace { get; init; }

    /// <summary>The clicker's own workspace (shared channels), else <see cref="Workspace"/>.</summary>
    public string? UserTeam { get; init; }
}
