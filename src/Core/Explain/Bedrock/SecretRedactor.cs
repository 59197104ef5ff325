using System.Text.RegularExpressions;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>
/// Removes credentials from finding text before it leaves for the model. Findings about leaked or
/// old keys (IAM.3, CIS 1.4, GuardDuty credential exfiltration) carry access key ids in titles,
/// descriptions and resource ids; the model needs to know a key is involved, not which one.
/// </summary>
public static partial class SecretRedactor
{
    public const string AccessKeyPlaceholder = "[REDACTED-ACCESS-KEY-ID]";

    public const string SecretPlaceholder = "[REDACTED-SECRET]";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = PrivateKey().Replace(text, SecretPlaceholder);
        text = AccessKeyId().Replace(text, AccessKeyPlaceholder);
        text = SlackToken().Replace(text, SecretPlaceholder);
        text = BearerOrBasic().Replace(text, m => m.Groups[1].Value + SecretPlaceholder);
        text = NamedSecret().Replace(text, m => m.Groups[1].Value + SecretPlaceholder);
        text = SecretAccessKeyShape().Replace(text, m => LooksRandom(m.Value) ? SecretPlaceholder : m.Value);
        return text;
    }

    // A secret access key is 40 base64 characters; hex digests of the same length (SHA-1) are not secrets.
    private static bool LooksRandom(string value) =>
        value.Any(char.IsUpper) && value.Any(char.IsLower) && value.Any(char.IsDigit) && !value.All(Uri.IsHexDigit);

    /// <summary>IAM unique-id prefixes of access keys (AKIA long-term, ASIA temporary) and other credential ids.</summary>
    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}\b")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex SecretAccessKeyShape();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex BearerOrBasic();

    [GeneratedRegex(@"((?:password|passwd|secret|token|api[_-]?key|session[_-]?token)[""']?\s*[:=]\s*[""']?)[^\s""',;]{6,}", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();
}
