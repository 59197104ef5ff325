using System.Net;

namespace SecHubBot.Core.SecurityHub;

/// <summary>Which AWS answers are worth retrying: throttling (whatever the service calls it) and server errors.</summary>
public static class AwsTransientErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "LimitExceededException",
        "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown",
    };

    public static bool IsThrottlingCode(string? code) => code is not null && ThrottlingCodes.Contains(code);

    /// <summary>429, 5xx, and the 400s some AWS services use for throttling (named in x-amzn-ErrorType).</summary>
    public static bool IsTransient(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
        {
            return true;
        }

        return response.StatusCode == HttpStatusCode.BadRequest && IsThrottlingCode(SecurityHubClient.ErrorCodeOf(response));
    }
}
