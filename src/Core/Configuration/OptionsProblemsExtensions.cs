using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SecHubBot.Core.Configuration;

/// <summary>
/// The one validation mechanism for every options section: a function listing the problems, each a line that
/// names its key ("Slack:Channel is required ..."), checked at start-up (<c>ValidateOnStart</c>).
/// </summary>
public static class OptionsProblemsExtensions
{
    public static OptionsBuilder<T> ValidateProblems<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(this OptionsBuilder<T> builder, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        builder.Services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(builder.Name, problems));
        return builder.ValidateOnStart();
    }

    /// <summary>As above, for a check that needs a service (another section, or a decision made at registration).</summary>
    public static OptionsBuilder<T> ValidateProblems<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T, TDep>(this OptionsBuilder<T> builder, Func<T, TDep, IEnumerable<string>> problems)
        where T : class
        where TDep : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        builder.Services.AddSingleton<IValidateOptions<T>>(sp => new ProblemsValidator<T>(builder.Name, o => problems(o, sp.GetRequiredService<TDep>())));
        return builder.ValidateOnStart();
    }

    private sealed class ProblemsValidator<T>(string? name, Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
