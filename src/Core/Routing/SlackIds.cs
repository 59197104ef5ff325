using System.Buffers;

namespace SecHubBot.Core.Routing;

/// <summary>
/// The shapes of the Slack ids routing accepts. Slack ids are an upper-case type letter followed by upper-case
/// letters and digits, at least nine characters in all (C024BE91L, U0G9QF9C6, S0614TZR7): C public and G private
/// channels, U and W (Enterprise Grid) users, S user groups.
/// </summary>
/// <remarks>https://api.slack.com/changelog/2016-08-11-user-id-format-changes; https://docs.slack.dev/reference/objects/usergroup-object</remarks>
public static class SlackIds
{
    private const int MinLength = 9;

    private static readonly SearchValues<char> UpperAlphanumerics = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static bool IsChannel(string? id) => HasShape(id, 'C', 'G');

    public static bool IsUserOrGroup(string? id) => HasShape(id, 'U', 'W', 'S');

    public static bool IsUserGroup(string? id) => HasShape(id, 'S');

    private static bool HasShape(string? id, params ReadOnlySpan<char> prefixes) =>
        id is { Length: >= MinLength }
        && prefixes.Contains(id[0])
        && id.AsSpan(1).ContainsAnyExcept(UpperAlphanumerics) is false;
}
