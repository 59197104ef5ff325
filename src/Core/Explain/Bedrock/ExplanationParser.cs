using System.Text.Json;

namespace SecHubBot.Core.Explain.Bedrock;

/// <summary>The model's answer could not be read as the structured explanation the prompt asked for.</summary>
public sealed class ExplanationFormatException : Exception
{
    public ExplanationFormatException()
    {
    }

    public ExplanationFormatException(string message)
        : base(message)
    {
    }

    public ExplanationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads the model's JSON answer into an <see cref="Explanation"/>. Tolerates what models add around
/// JSON (code fences, a sentence before or after); validates the required keys; bounds every length so
/// the composer's Block Kit limits hold whatever the model wrote. Strings stay plain, untrusted text:
/// the composer escapes them.
/// </summary>
public static class ExplanationParser
{
    public const int MaxSummary = 500;
    public const int MaxWhy = 800;
    public const int MaxStep = 400;
    public const int MaxFixSteps = 8;
    public const int MaxVerifySteps = 4;
    public const int MaxIac = 2800;
    public const int MaxReferences = 3;

    public static Explanation Parse(string answer, IacFlavor flavor, string model)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            throw new ExplanationFormatException("The answer holds no JSON object.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer.AsMemory(start, end - start + 1), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ExplanationFormatException("The answer's JSON does not parse.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ExplanationFormatException("The answer is not a JSON object.");
            }

            var summary = Text(root, "summary", MaxSummary) ?? throw new ExplanationFormatException("The answer has no summary.");
            var why = Text(root, "why_it_matters", MaxWhy) ?? throw new ExplanationFormatException("The answer has no why_it_matters.");
            var fixSteps = List(root, "fix_steps", MaxFixSteps);
            if (fixSteps.Count == 0)
            {
                throw new ExplanationFormatException("The answer has no fix_steps.");
            }

            IacSnippet? iac = null;
            // The console flavour asks for no code; a snippet the model wrote anyway has no place to go.
            if (flavor != IacFlavor.Console && root.TryGetProperty("iac", out var iacElement))
            {
                var code = iacElement.ValueKind switch
                {
                    JsonValueKind.Object => Text(iacElement, "code", int.MaxValue),
                    JsonValueKind.String => iacElement.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(code))
                {
                    iac = new IacSnippet(flavor, Bound(StripFences(code), MaxIac));
                }
            }

            return new Explanation
            {
                Summary = summary,
                WhyItMatters = why,
                FixSteps = fixSteps,
                Iac = iac,
                VerifySteps = List(root, "verify_steps", MaxVerifySteps),
                References = References(root),
                Source = ExplanationSource.Model,
                Model = model,
            };
        }
    }

    private static string? Text(JsonElement o, string name, int max) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? Bound(value.GetString()!.Trim(), max)
            : null;

    private static List<string> List(JsonElement o, string name, int maxItems) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()))
                .Select(e => Bound(e.GetString()!.Trim(), MaxStep))
                .Take(maxItems)]
            : [];

    private static List<ReferenceLink> References(JsonElement root)
    {
        var links = new List<ReferenceLink>();
        if (!root.TryGetProperty("references", out var refs) || refs.ValueKind != JsonValueKind.Array)
        {
            return links;
        }

        foreach (var item in refs.EnumerateArray())
        {
            var url = item.ValueKind == JsonValueKind.Object ? Text(item, "url", 500) : null;

            // Only https links survive here; the composer labels any link off the documentation allow-list by its host (LinkPolicy).
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                continue;
            }

            links.Add(new ReferenceLink(Text(item, "title", 150) ?? uri.Host, uri.ToString()));
            if (links.Count == MaxReferences)
            {
                break;
            }
        }

        return links;
    }

    private static string StripFences(string code)
    {
        var lines = code.Trim().Split('\n').ToList();
        if (lines.Count > 1 && lines[0].TrimStart().StartsWith("```", StringComparison.Ordinal))
        {
            lines.RemoveAt(0);
            if (lines.Count > 0 && lines[^1].Trim() == "```")
            {
                lines.RemoveAt(lines.Count - 1);
            }
        }

        return string.Join('\n', lines).TrimEnd();
    }

    private static string Bound(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
