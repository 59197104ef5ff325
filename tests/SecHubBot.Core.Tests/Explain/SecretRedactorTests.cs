using SecHubBot.Core.Explain.Bedrock;

namespace SecHubBot.Core.Tests.Explain;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("app token xapp-1-A0123456789-1234567890123-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c", "xapp-1-A0123456789")]
    [InlineData("refresh xoxe-1-My0xLTEyMzQ1Njc4OTAtYWJjZGVmZ2hpams", "xoxe-1-My0x")]
    [InlineData("rotated xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAtYWJjZGVm", "Mi0yLTEyMzQ1Njc4OTAt")]
    [InlineData("ci uses ghp_16C7e42F292c6912E7710c838347Ae178B4a to clone", "ghp_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmn in env", "github_pat_11ABCDEFG0")]
    [InlineData("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc charged", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("cookie eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U found", "eyJzdWIiOiIxMjM0NTY3ODkwIn0")]
    [InlineData("DATABASE_URL postgres://app:s3cr3t-Pa55@db.internal:5432/prod", "s3cr3t-Pa55")]
    [InlineData("mirror https://deploy:hunter2@git.example.com/repo.git", "hunter2")]
    public void Redact_CredentialShape_RemovesTheSecret(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8")]
    [InlineData("email alice@example.com about bucket arn:aws:s3:::logs")]
    [InlineData("git@github.com:org/repo.git")]
    public void Redact_NoCredential_LeavesTextAlone(string text) => Assert.Equal(text, SecretRedactor.Redact(text));

    [Fact]
    public void Redact_UrlCredential_KeepsSchemeUserAndHost() =>
        Assert.Equal("postgres://app:[REDACTED-SECRET]@db.internal:5432/prod", SecretRedactor.Redact("postgres://app:s3cr3t-Pa55@db.internal:5432/prod"));
}
