using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecHubBot.Bot.Transport.Http;

/// <summary>
/// Checks Slack's v0 request signature: <c>v0=</c> + hex(HMAC-SHA256(signing secret,
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>)), compared in constant time, with the timestamp
/// within 5 minutes of now so a captured request cannot be replayed later.
/// Verify the raw bytes exactly as received, before any parsing.
/// </summary>
/// <remarks>https://docs.slack.dev/authentication/verifying-requests-from-slack</remarks>
public sealed class SlackRequestVerifier
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string Version = "v0";
    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    public SlackRequestVerifier(string signingSecret, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingSecret);
        _secret = Encoding.UTF8.GetBytes(signingSecret);
        _time = time ?? TimeProvider.System;
    }

    public SlackSignatureResult Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SlackSignatureResult.MissingHeaders;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)MaxClockSkew.TotalSeconds)
        {
            return SlackSignatureResult.StaleTimestamp;
        }

        var expected = Encoding.ASCII.GetBytes(ComputeSignature(_secret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? SlackSignatureResult.Valid
            : SlackSignatureResult.InvalidSignature;
    }

    /// <summary>The X-Slack-Signature value Slack would send (fakes and tests sign requests with it).</summary>
    public static string ComputeSignature(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        return ComputeSignature(Encoding.UTF8.GetBytes(signingSecret), timestamp, body);
    }

    private static string ComputeSignature(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(Version + ":" + timestamp + ":");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }

    public override string ToString() => "SlackRequestVerifier { SigningSecret = (set) }";
}
