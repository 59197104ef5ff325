using System.Globalization;
using SecHubBot.Benchmarks;

// dotnet run -c Release --project benchmarks/SecHubBot.Benchmarks -- scenario [--findings N] [--controls N] [--batch N] [--order control|shuffled]
//     [--model-delay seconds] [--slack-interval seconds] [--redeliver N] [--storm-window minutes] [--handlers N]
//   (--handlers above 1 needs dynalite: SECHUBBOT_DYNALITE_URL, docs/benchmarks.md)
// dotnet run -c Release --project benchmarks/SecHubBot.Benchmarks -- coldstart <path to published bootstrap> [runs] [hello-world bootstrap]
//     (scripts/bench-coldstart.sh publishes both and runs this)
var mode = args.Length > 0 ? args[0] : "scenario";
if (mode == "coldstart")
{
    var path = args.Length > 1 ? args[1] : "artifacts/ingest/publish/bootstrap";
    var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    var hello = args.Length > 3 ? Path.GetFullPath(args[3]) : null;
    return await ColdStart.RunAsync(Path.GetFullPath(path), hello, runs, Console.Out);
}

if (mode != "scenario")
{
    Console.Error.WriteLine("usage: scenario [options] | coldstart <bootstrap> [runs] [hello-world bootstrap]");
    return 2;
}

var options = new ScenarioOptions();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    options = args[i] switch
    {
        "--findings" => options with { Findings = int.Parse(value, CultureInfo.InvariantCulture) },
        "--controls" => options with { Controls = int.Parse(value, CultureInfo.InvariantCulture) },
        "--batch" => options with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
        "--order" => options with { Order = value },
        "--model-delay" => options with { ModelDelay = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "--slack-interval" => options with { SlackInterval = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
        "--redeliver" => options with { Redeliver = int.Parse(value, CultureInfo.InvariantCulture) },
        "--handlers" => options with { Handlers = int.Parse(value, CultureInfo.InvariantCulture) },
        "--storm-window" => options with { StormWindow = TimeSpan.FromMinutes(double.Parse(value, CultureInfo.InvariantCulture)) },
        _ => throw new ArgumentException($"unknown option {args[i]}"),
    };
}

return await IngestScenario.RunAsync(options, Console.Out);
