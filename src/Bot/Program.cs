using SecHubBot.Bot;
using SecHubBot.Core.Configuration;

try
{
    var builder = WebApplication.CreateSlimBuilder(args);

    // SLACK_BOT_TOKEN, AWS_REGION, ...: the conventional names, below explicit keys in precedence.
    builder.Configuration.AddAliases();
    builder.Services.AddSecHubBot(builder.Configuration);

    var app = builder.Build();

    // Validate before the host starts: a failure there is logged with its stack trace before we could print it.
    InvalidConfigurationException.ThrowIfInvalid(app.Services);
    app.MapSecHubBot();
    await app.RunAsync();
    return 0;
}
catch (InvalidConfigurationException ex)
{
    // Every problem on its own line, each naming its key; no stack trace for a configuration mistake.
    foreach (var problem in ex.Problems)
    {
        await Console.Error.WriteLineAsync("Configuration error: " + problem);
    }

    return 1;
}

/// <summary>The entry point, visible to tests and benchmarks that start the real host.</summary>
public partial class Program;
