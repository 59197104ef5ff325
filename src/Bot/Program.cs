using SecHubBot.Bot;
using SecHubBot.Core.Configuration;

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
app.Run();

/// <summary>The entry point, visible to tests and benchmarks that start the real host.</summary>
public partial class Program;
