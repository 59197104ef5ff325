using SecHubBot.Core.Alerts;
using SecHubBot.Core.Findings;
using SecHubBot.Core.SecurityHub;
using SecHubBot.Core.Slack.Messages;
using SecHubBot.Core.Store;

namespace SecHubBot.Bot.Actions;

/// <summary>
/// The findings one alert action is about, read fresh from Security Hub: a single alert's finding, or the
/// members of a grouped alert as the store of record lists them on the thread's item (written by Ingest when
/// it posted or grew the group). Never from UserDefinedFields, which anyone who can update findings may write,
/// and never from message metadata alone (it holds only the group's size).
/// OCSF findings (metadata <c>schema</c> "ocsf") are read with GetFindingsV2 by metadata.uid, else finding_info.uid.
/// </summary>
public sealed class AlertMembers(SecurityHubClient securityHub, IStoreOfRecord store)
{
    public static bool IsOcsf(FindingAlertMetadata? metadata) => string.Equals(metadata?.Schema, FindingAlertMetadata.OcsfSchema, StringComparison.OrdinalIgnoreCase);

    public async Task<List<Finding>> ReadAsync(FindingAction action, FindingAlertMetadata? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var ocsf = IsOcsf(metadata);
        if (!action.Group)
        {
            return await ReadFindingsAsync([action.Finding], ocsf, cancellationToken).ConfigureAwait(false);
        }

        var key = StoreKey.Thread(new StoredThread(action.Channel, action.MessageTs));
        var records = await store.GetManyAsync([key], cancellationToken).ConfigureAwait(false);
        if (!records.TryGetValue(key, out var thread))
        {
            return [];
        }

        var refs = new List<FindingRef>();
        foreach (var member in thread.Members)
        {
            if (member.TryGetFinding(out var finding))
            {
                refs.Add(finding);
            }
        }

        return refs.Count == 0 ? [] : await ReadFindingsAsync(refs, ocsf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// ASFF first unless the alert says OCSF; an ASFF lookup that finds nothing tries GetFindingsV2 (an alert
    /// whose metadata could not be read), so an OCSF finding is never mistaken for a vanished one.
    /// </summary>
    private async Task<List<Finding>> ReadFindingsAsync(IReadOnlyList<FindingRef> refs, bool ocsf, CancellationToken cancellationToken)
    {
        if (!ocsf)
        {
            var asff = await securityHub.GetFindingsByIdsAsync(refs, cancellationToken).ConfigureAwait(false);
            if (asff.Count > 0)
            {
                return [.. asff];
            }
        }

        var uids = refs.Select(r => r.Id).ToList();
        var found = (await securityHub.GetFindingsV2ByMetadataUidsAsync(uids, cancellationToken).ConfigureAwait(false)).ToList();

        // Findings without a metadata.uid (exposure findings) are addressed by finding_info.uid.
        var missing = uids.Where(u => !found.Any(f => f.Id == u || f.Ocsf?.MetadataUid == u)).ToList();
        if (missing.Count > 0)
        {
            found.AddRange(await securityHub.GetFindingsV2ByFindingInfoUidsAsync(missing, cancellationToken).ConfigureAwait(false));
        }

        return [.. found.DistinctBy(f => f.Ref)];
    }
}
