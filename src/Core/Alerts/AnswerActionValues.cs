using System.Text.RegularExpressions;

namespace SecHubBot.Core.Alerts;

/// <summary>
/// What a feedback button carries: the rating, the answer it rates, and the model and prompt version
/// that wrote it (for telemetry; never the answer's text). It comes back in the click payload, where
/// anyone could have forged it, so <see cref="TryParse"/> accepts only the exact shape we write.
/// </summary>
public sealed partial record FeedbackValue(bool Positive, string AnswerId, string Model, string PromptVersion)
{
    public string Format() => string.Join('|', Positive ? "up" : "down", AnswerId, Model, PromptVersion);

    public static bool TryParse(string? value, out FeedbackValue feedback)
    {
        feedback = null!;
        var parts = value?.Split('|');
        if (value is null || value.Length > 600 || parts is not { Length: 4 } || parts[0] is not ("up" or "down")
            || !AnswerIdPattern().IsMatch(parts[1]) || !ModelPattern().IsMatch(parts[2]) || !PromptVersionPattern().IsMatch(parts[3]))
        {
            return false;
        }

        feedback = new FeedbackValue(parts[0] == "up", parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>A fresh answer id: 32 hex characters.</summary>
    public static string NewAnswerId() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("^[a-f0-9]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerIdPattern();

    // Bedrock model ids, inference profile ids and ARNs; "offline" for the offline explainer.
    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex PromptVersionPattern();
}

/// <summary>
/// What a suggested-question button carries: the question's id in <see cref="SuggestedQuestions"/> and
/// the thread it belongs to. Untrusted on return: the id must be in our table and the ts must look like
/// a Slack ts; the thread is then checked like any other (its parent must be one of our alerts).
/// </summary>
public sealed partial record SuggestionValue(string QuestionId, string ThreadTs)
{
    public string Format() => QuestionId + "|" + ThreadTs;

    public static bool TryParse(string? value, out SuggestedQuestion question, out string threadTs)
    {
        question = null!;
        threadTs = null!;
        var parts = value?.Split('|');
        if (parts is not { Length: 2 } || !TsPattern().IsMatch(parts[1]) || SuggestedQuestions.Find(parts[0]) is not { } found)
        {
            return false;
        }

        question = found;
        threadTs = parts[1];
        return true;
    }

    [GeneratedRegex(@"^\d{1,12}\.\d{1,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex TsPattern();
}
