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
        text = GitHubToken().Replace(text, SecretPlaceholder);
        text = StripeKey().Replace(text, SecretPlaceholder);
        text = Jwt().Replace(text, SecretPlaceholder);
        text = UrlPassword().Replace(text, m => m.Groups[1].Value + SecretPlaceholder + "@");
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

    /// <summary>Bot, user and legacy tokens (xoxb-, xoxp-, …), refresh tokens (xoxe-) and app-level tokens (xapp-).</summary>
    [GeneratedRegex(@"\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    /// <summary>Classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_) GitHub tokens.</summary>
    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})")]
    private static partial Regex GitHubToken();

    /// <summary>Stripe secret and restricted keys, live and test.</summary>
    [GeneratedRegex(@"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")]
    private static partial Regex StripeKey();

    /// <summary>A JSON Web Token: base64url header and payload (both JSON objects, so "eyJ"), then the signature.</summary>
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    /// <summary>The password of a URL's user info (scheme://user:password@host); the user and host stay, they say what it is for.</summary>
    [GeneratedRegex(@"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex BearerOrBasic();

    [GeneratedRegex(@"((?:password|passwd|secret|token|api[_-]?key|session[_-]?token)[""']?\s*[:=]\s*[""']?)[^\s""',;]{6,}", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();
}
