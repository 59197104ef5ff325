using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecHubBot.Fakes.Aws;

/// <summary>
/// Checks a SigV4 Authorization header by recomputing it from the published algorithm
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), written here from
/// the specification and independent of AWSSDK's signer, so a bug there cannot hide behind itself.
/// Verified against the AWS SigV4 test-suite vectors (get-vanilla, post-vanilla).
/// </summary>
public sealed class SigV4Verifier(string accessKeyId, string secretAccessKey, string region, string service)
{
    /// <summary>The AWS test-suite key pair; never valid anywhere.</summary>
    public const string TestAccessKeyId = "AKIDEXAMPLE";

    public const string TestSecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>How far the request date may be from now (AWS allows 15 minutes of clock skew).</summary>
    public TimeSpan AllowedSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>When set, the request must carry this x-amz-security-token.</summary>
    public string? ExpectedSessionToken { get; init; }

    public string Region => region;

    public string Service => service;

    /// <summary>Null when the signature is right; else why not.</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="rawTarget">The request target exactly as sent (path and query, still percent-encoded).</param>
    /// <param name="headers">Header name to values (any case).</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="now">The server's clock, for the skew check.</param>
    public string? Verify(string method, string rawTarget, IEnumerable<KeyValuePair<string, string[]>> headers, byte[] body, DateTimeOffset now)
    {
        var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            map[name] = map.TryGetValue(name, out var existing) ? [.. existing, .. values] : values;
        }

        if (!map.TryGetValue("Authorization", out var authValues) || authValues.Length != 1)
        {
            return "missing Authorization header";
        }

        var auth = authValues[0];
        if (!auth.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return "Authorization is not AWS4-HMAC-SHA256";
        }

        var parts = auth[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return "Authorization lacks Credential, SignedHeaders or Signature";
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return "malformed credential scope";
        }

        if (scope[0] != accessKeyId)
        {
            return "unknown access key id";
        }

        if (scope[2] != region || scope[3] != service)
        {
            return $"credential scope is {scope[2]}/{scope[3]}, expected {region}/{service}";
        }

        if (!map.TryGetValue("X-Amz-Date", out var dateValues)
            || !DateTimeOffset.TryParseExact(dateValues[0], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return "missing or malformed X-Amz-Date";
        }

        if (dateValues[0][..8] != scope[1])
        {
            return "X-Amz-Date and credential scope dates differ";
        }

        if ((now - signedAt).Duration() > AllowedSkew)
        {
            return "signature expired (request time too far from server time)";
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return "host and x-amz-date must be signed";
        }

        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h != h.ToLowerInvariant()))
        {
            return "SignedHeaders must be lowercase and sorted";
        }

        var payloadHash = Hex(SHA256.HashData(body));
        if (map.TryGetValue("X-Amz-Content-SHA256", out var contentHash) && contentHash[0] != payloadHash && contentHash[0] != "UNSIGNED-PAYLOAD")
        {
            return "X-Amz-Content-SHA256 does not match the body";
        }

        if (ExpectedSessionToken is not null
            && (!map.TryGetValue("X-Amz-Security-Token", out var token) || token[0] != ExpectedSessionToken))
        {
            return "missing or wrong X-Amz-Security-Token";
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (!map.TryGetValue(name, out var values))
            {
                return $"signed header {name} is not on the request";
            }

            canonicalHeaders.Append(name).Append(':').Append(string.Join(',', values.Select(TrimAll))).Append('\n');
        }

        var (path, query) = SplitTarget(rawTarget);
        var canonicalRequest = string.Join('\n',
            method.ToUpperInvariant(),
            CanonicalUri(path),
            CanonicalQuery(query),
            canonicalHeaders.ToString(),
            signedHeaderList,
            map.TryGetValue("X-Amz-Content-SHA256", out var declared) && declared[0] == "UNSIGNED-PAYLOAD" ? "UNSIGNED-PAYLOAD" : payloadHash);
        var expected = Sign(canonicalRequest, dateValues[0], string.Join('/', scope[1..]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : "The request signature we calculated does not match the signature you provided.";
    }

    /// <summary>Signature for a canonical request: exposed so tests can check this class against the published vectors.</summary>
    public string Sign(string canonicalRequest, string amzDate, string credentialScope)
    {
        var stringToSign = string.Join('\n', Algorithm, amzDate, credentialScope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), amzDate[..8]);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>
    /// Non-S3 services encode each path segment of the path as sent once more (so "%3A" becomes
    /// "%253A", and a raw ":" becomes "%3A").
    /// </summary>
    public static string CanonicalUri(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(UriEncode));

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: UriEncode(Uri.UnescapeDataString(kv[0])), Value: UriEncode(Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
    }

    private static (string Path, string Query) SplitTarget(string rawTarget)
    {
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (rawTarget, string.Empty) : (rawTarget[..q], rawTarget[(q + 1)..]);
    }

    /// <summary>RFC 3986 encoding as SigV4 defines it: unreserved characters stay, every other byte is %XX uppercase.</summary>
    private static string UriEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string TrimAll(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
