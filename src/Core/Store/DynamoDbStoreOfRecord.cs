using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SecHubBot.Core.Store;

/// <summary>
/// The store of record in a DynamoDB table (partition key <c>pk</c> String, TTL attribute <c>expires_at</c>).
/// Only conditional PutItem / UpdateItem / DeleteItem and BatchGetItem: no transactions, no PartiQL, so the
/// same code runs against DynamoDB and dynalite. Reads are consistent: a claim just won must be seen.
/// </summary>
public sealed class DynamoDbStoreOfRecord(IAmazonDynamoDB client, string tableName, StoreOptions options, TimeProvider time) : IStoreOfRecord
{
    /// <summary>BatchGetItem reads at most 100 keys a request.</summary>
    public const int BatchGetLimit = 100;

    /// <summary>Rounds of UnprocessedKeys retried before the read is reported failed (throttling that does not clear).</summary>
    private const int UnprocessedRounds = 8;

    private static readonly TimeSpan UnprocessedPause = TimeSpan.FromMilliseconds(50);

    private const string InProgress = "IN_PROGRESS";
    private const string Completed = "COMPLETED";

    public async Task<IReadOnlyDictionary<StoreKey, StoreRecord>> GetManyAsync(IReadOnlyCollection<StoreKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var found = new Dictionary<StoreKey, StoreRecord>();
        foreach (var chunk in keys.Distinct().Chunk(BatchGetLimit))
        {
            var pending = new KeysAndAttributes { ConsistentRead = true, Keys = [.. chunk.Select(Key)] };
            for (var round = 0; pending.Keys.Count > 0; round++)
            {
                if (round == UnprocessedRounds)
                {
                    throw new StoreUnavailableException($"BatchGetItem left {pending.Keys.Count} keys unprocessed after {UnprocessedRounds} rounds");
                }

                if (round > 0)
                {
                    await Task.Delay(UnprocessedPause * round, time, cancellationToken).ConfigureAwait(false);
                }

                var response = await client.BatchGetItemAsync(
                    new BatchGetItemRequest { RequestItems = new Dictionary<string, KeysAndAttributes> { [tableName] = pending } }, cancellationToken).ConfigureAwait(false);
                if (response.Responses?.TryGetValue(tableName, out var items) == true)
                {
                    foreach (var item in items)
                    {
                        if (Read(item, now) is { } record)
                        {
                            found[record.Key] = record;
                        }
                    }
                }

                pending = response.UnprocessedKeys?.TryGetValue(tableName, out var left) == true && left.Keys is { Count: > 0 }
                    ? new KeysAndAttributes { ConsistentRead = true, Keys = left.Keys }
                    : new KeysAndAttributes { Keys = [] };
            }
        }

        return found;
    }

    public async Task<StoreClaim?> TryClaimAsync(StoreKey key, TimeSpan? openFor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owner = Guid.NewGuid().ToString("N");
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = S(key.Value),
            ["state"] = S(InProgress),
            ["owner"] = S(owner),
            ["lease_until"] = N(now + options.ClaimLease),
            ["expires_at"] = N(now + options.RecordLifetime),
        };
        if (openFor is { } open)
        {
            item["open_until"] = N(now + open);
        }

        try
        {
            var response = await client.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(pk) OR expires_at < :now OR (#state = :in_progress AND lease_until < :now) OR (#state = :completed AND open_until < :now)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#state"] = "state" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = N(now),
                    [":in_progress"] = S(InProgress),
                    [":completed"] = S(Completed),
                },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken).ConfigureAwait(false);
            var previous = response.Attributes is { Count: > 0 } old ? Read(old, DateTimeOffset.MinValue) : null;
            return new StoreClaim(key, owner, previous);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<bool> CompleteAsync(StoreClaim claim, StoreCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(completion);
        var set = new List<string> { "#state = :completed", "thread = :thread", "expires_at = :expires" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":completed"] = S(Completed),
            [":thread"] = S(completion.Thread.ToString()),
            [":expires"] = N(time.GetUtcNow() + options.RecordLifetime),
            [":owner"] = S(claim.Owner),
        };
        var names = new Dictionary<string, string> { ["#state"] = "state", ["#owner"] = "owner" };
        if (completion.Status is { } status)
        {
            set.Add("#status = :status");
            names["#status"] = "status";
            values[":status"] = S(status);
        }

        if (completion.Group is { } group)
        {
            set.Add("#group = :group");
            names["#group"] = "group";
            values[":group"] = S(group.Value);
        }

        try
        {
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(claim.Key),
                UpdateExpression = "SET " + string.Join(", ", set) + " REMOVE lease_until",
                ConditionExpression = "#owner = :owner",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(StoreClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName,
                Key = Key(claim.Key),
                ConditionExpression = "#owner = :owner AND #state = :in_progress",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner", ["#state"] = "state" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":owner"] = S(claim.Owner), [":in_progress"] = S(InProgress) },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Taken over or completed meanwhile: it is no longer ours to give up.
        }
    }

    public async Task SetStatusAsync(IReadOnlyCollection<StoreKey> findings, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var expires = N(time.GetUtcNow() + options.RecordLifetime);
        foreach (var key in findings)
        {
            try
            {
                await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Key(key),
                    UpdateExpression = "SET #status = :status, expires_at = :expires",
                    ConditionExpression = "#state = :completed",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#state"] = "state" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":status"] = S(status),
                        [":expires"] = expires,
                        [":completed"] = S(Completed),
                    },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                // No completed record (never posted, or expired): there is no status to keep.
            }
        }
    }

    public async Task<int> AddMembersAsync(StoredThread thread, StoreKey? group, IReadOnlyCollection<StoreKey> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var names = new Dictionary<string, string> { ["#state"] = "state" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":completed"] = S(Completed),
            [":thread"] = S(thread.ToString()),
            [":expires"] = N(time.GetUtcNow() + options.RecordLifetime),
        };
        var set = "SET #state = :completed, thread = :thread, expires_at = :expires";
        if (group is { } g)
        {
            set += ", #group = :group";
            names["#group"] = "group";
            values[":group"] = S(g.Value);
        }

        var update = set;
        if (members.Count > 0)
        {
            update += " ADD members :members";
            values[":members"] = new AttributeValue { SS = [.. members.Select(m => m.Value).Distinct()] };
        }

        var response = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(StoreKey.Thread(thread)),
            UpdateExpression = update,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken).ConfigureAwait(false);
        return response.Attributes?.TryGetValue("members", out var all) == true ? all.SS?.Count ?? 0 : 0;
    }

    private static Dictionary<string, AttributeValue> Key(StoreKey key) => new() { ["pk"] = S(key.Value) };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(DateTimeOffset at) => new() { N = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    /// <summary>An item as a record; null when it expired (TTL deletes lazily, so reads must not trust an item past <c>expires_at</c>).</summary>
    private static StoreRecord? Read(Dictionary<string, AttributeValue> item, DateTimeOffset now)
    {
        if (!item.TryGetValue("pk", out var pk) || pk.S is null)
        {
            return null;
        }

        if (Time(item, "expires_at") is { } expires && expires < now)
        {
            return null;
        }

        var state = Text(item, "state") == InProgress ? ClaimState.InProgress : ClaimState.Completed;
        return new StoreRecord(new StoreKey(pk.S), state)
        {
            Owner = Text(item, "owner"),
            LeaseUntil = Time(item, "lease_until"),
            OpenUntil = Time(item, "open_until"),
            Thread = StoreThreads.Parse(Text(item, "thread")),
            Status = Text(item, "status"),
            Group = Text(item, "group") is { } group ? new StoreKey(group) : null,
            Members = item.TryGetValue("members", out var members) && members.SS is { } set ? [.. set.Select(m => new StoreKey(m))] : [],
        };
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>The table did not answer in a way we can act on (throttling that did not clear); the caller retries the batch later.</summary>
public sealed class StoreUnavailableException(string message) : Exception(message);

/// <summary>The "channel/ts" text a thread is stored as.</summary>
internal static class StoreThreads
{
    public static StoredThread? Parse(string? text)
    {
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && slash < text!.Length - 1 ? new StoredThread(text[..slash], text[(slash + 1)..]) : null;
    }
}
