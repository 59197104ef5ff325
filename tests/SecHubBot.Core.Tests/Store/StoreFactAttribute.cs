using SecHubBot.Fakes.Aws;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SecHubBot.Core.Tests.Store;

/// <summary>Marks a test class whose tests need dynalite.</summary>
public interface INeedsDynalite;

/// <summary>
/// A store contract test. The contract's methods are declared once and run for each implementation, so
/// whether one needs dynalite is decided per concrete class (<see cref="INeedsDynalite"/>) by the discoverer:
/// skipped with the reason only when dynalite is absent outside CI; the memory store's tests always run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("SecHubBot.Core.Tests.Store.StoreFactDiscoverer", "SecHubBot.Core.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsDynalite = typeof(INeedsDynalite).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        if (needsDynalite && Dynalite.SkipReason is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason)];
        }

        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
