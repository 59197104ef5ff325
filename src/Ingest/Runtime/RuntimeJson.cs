using System.Text.Json.Serialization;

namespace SecHubBot.Ingest.Runtime;

internal sealed record LambdaErrorBody(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LambdaErrorBody))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
