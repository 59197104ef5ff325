namespace SecHubBot.Core.Alerts;

/// <summary>The action_id values on alert buttons; the Bot's handlers are matched on them.</summary>
public static class AlertActionIds
{
    public const string Resolve = "sechub_resolve";
    public const string Suppress = "sechub_suppress";
    public const string Reopen = "sechub_reopen";

    /// <summary>A grouped alert's buttons: they act on every finding whose UserDefinedFields["sechubbot:thread"] names the clicked message.</summary>
    public const string ResolveGroup = "sechub_resolve_group";

    public const string SuppressGroup = "sechub_suppress_group";

    /// <summary>A grouped alert's Reopen, shown after a group Resolve/Suppress: it reopens the members that state covers.</summary>
    public const string ReopenGroup = "sechub_reopen_group";

    /// <summary>A link button; Slack still sends a block_actions payload for it, which the Bot only acks.</summary>
    public const string OpenConsole = "sechub_open_console";

    public const string ActionsBlockId = "sechub_actions";
}
