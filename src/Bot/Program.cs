using Microsoft.Extensions.Options;
using SecHubBot.Bot;
using SecHubBot.Core.Configuration;

try
{
    var builder = WebApplication.CreateSlimBuilder(args);

    // SLACK_BOT_TOKEN, AWS_REGION, ...: the conventional names, below explicit keys in precedence.
    builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
    {
        InitialData = EnvironmentAliases.Map
            .Select(a => KeyValuePair.Create(a.Value, Environment.GetEnvironmentVariable(a.Key)))
            .Where(p => !string.IsNullOrEmpty(p.Value)),
    });
    builder.Services.AddSecHubBot(builder.Configuration);

    var app = builder.Build();
    app.MapSecHubBot();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidConfigurationException)
{
    // Every problem, each naming its key; no stack trace for a configuration mistake.
    await Console.Error.WriteLineAsync("Configuration error: " + ex.Message);
    return 1;
}

/// <summary>The entry point, visible to tests and benchmarks that start the real host.</summary>
public partial class Program;
