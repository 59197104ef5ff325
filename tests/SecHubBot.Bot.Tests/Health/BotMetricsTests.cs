using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SecHubBot.Bot.Health;

namespace SecHubBot.Bot.Tests.Health;

public sealed class BotMetricsTests
{
    [Fact]
    public void Render_TwoHostsInOneProcess_EachCountsOnlyItsOwn()
    {
        using var first = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var second = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var a = new BotMetrics(first.GetRequiredService<IMeterFactory>());
        using var b = new BotMetrics(second.GetRequiredService<IMeterFactory>());

        a.FindingAction("resolve", "applied");
        a.FindingAction("resolve", "applied");
        b.FindingAction("suppress", "unauthorized");

        var exposition = PrometheusText.Parse(a.Render());
        Assert.Equal(2, exposition.Value("sechubbot_finding_actions_total", "action=\"resolve\",outcome=\"applied\""));
        Assert.Null(exposition.Value("sechubbot_finding_actions_total", "action=\"suppress\",outcome=\"unauthorized\""));
        Assert.Equal(1, PrometheusText.Parse(b.Render()).Value("sechubbot_finding_actions_total", "action=\"suppress\",outcome=\"unauthorized\""));
    }

    [Fact]
    public void Render_CountersAndGauges_TypedFamiliesWithOpenTelemetryNames()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new BotMetrics(services.GetRequiredService<IMeterFactory>());
        metrics.ObserveGauges(() => 3, () => 2);
        metrics.SlackRequest("events_api");
        metrics.FollowUpAnswer("answered");

        var exposition = PrometheusText.Parse(metrics.Render());

        Assert.Equal("counter", exposition.Types["sechubbot_slack_requests_total"]);
        Assert.Equal("counter", exposition.Types["sechubbot_followup_answers_total"]);
        Assert.Equal("counter", exposition.Types["sechubbot_finding_actions_total"]);
        Assert.Equal("gauge", exposition.Types["sechubbot_inflight_requests"]);
        Assert.Equal(1, exposition.Value("sechubbot_slack_requests_total", "kind=\"events_api\""));
        Assert.Equal(1, exposition.Value("sechubbot_followup_answers_total", "outcome=\"answered\""));
        Assert.Equal(3, exposition.Value("sechubbot_inflight_requests", ""));
        Assert.Equal(2, exposition.Value("sechubbot_socket_mode_connections", ""));
    }
}
