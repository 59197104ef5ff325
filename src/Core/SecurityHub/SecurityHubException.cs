using System.Net;

namespace SecHubBot.Core.SecurityHub;

/// <summary>
/// A Security Hub call that failed after retries. <see cref="Code"/> is AWS's error code
/// (AccessDeniedException, InvalidAccessException, LimitExceededException, ...). The message never
/// carries credentials: only the operation, the code, AWS's own message and what to do.
/// </summary>
public sealed class SecurityHubException : Exception
{
    public SecurityHubException(string operation, HttpStatusCode statusCode, string code, string awsMessage)
        : base(Describe(operation, statusCode, code, awsMessage))
    {
        Operation = operation;
        StatusCode = statusCode;
        Code = code;
        AwsMessage = awsMessage;
    }

    public SecurityHubException()
        : this("Unknown", HttpStatusCode.InternalServerError, "Unknown", string.Empty)
    {
    }

    public SecurityHubException(string message)
        : base(message)
    {
        Operation = "Unknown";
        Code = "Unknown";
        AwsMessage = string.Empty;
    }

    public SecurityHubException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "Unknown";
        Code = "Unknown";
        AwsMessage = string.Empty;
    }

    /// <summary>The API operation, such as "GetFindings".</summary>
    public string Operation { get; }

    public HttpStatusCode StatusCode { get; }

    public string Code { get; }

    public string AwsMessage { get; }

    /// <summary>The IAM action the call needs, such as "securityhub:BatchUpdateFindings".</summary>
    public string IamAction => IamActionOf(Operation);

    public bool IsAccessDenied => Code is "AccessDeniedException" or "AccessDenied";

    /// <summary>
    /// The V2 calls have no IAM actions of their own: "GetFindings and GetFindingsV2 both use securityhub:GetFindings",
    /// and likewise BatchUpdateFindings (Service Authorization Reference for Security Hub; botocore service model).
    /// </summary>
    public static string IamActionOf(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return "securityhub:" + (operation is "GetFindingsV2" or "BatchUpdateFindingsV2" ? operation[..^2] : operation);
    }

    private static string Describe(string operation, HttpStatusCode statusCode, string code, string awsMessage)
    {
        var status = (int)statusCode;
        var said = string.IsNullOrWhiteSpace(awsMessage) ? string.Empty : $" AWS said: {awsMessage}";
        return code switch
        {
            "AccessDeniedException" or "AccessDenied" =>
                $"Security Hub denied {operation} (HTTP {status} {code}): the AWS identity lacks the IAM permission " +
                $"\"{IamActionOf(operation)}\". Add it to the role's policy (docs/aws.md lists the policy).{said}",
            "InvalidAccessException" =>
                $"Security Hub refused {operation} (HTTP {status} {code}): Security Hub is not enabled for this account " +
                $"in this region, or the account is not subscribed.{said}",
            "UnrecognizedClientException" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "ExpiredTokenException" =>
                $"Security Hub rejected the credentials for {operation} (HTTP {status} {code}): check the AWS credential " +
                $"source and the clock; expired session or SSO credentials need refreshing.{said}",
            _ => $"Security Hub {operation} failed (HTTP {status} {code}).{said}",
        };
    }
}
