using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Tests.Kube;

/// <summary>The Kube layer's metrics on a meter factory of the test's own, with every watch restart measured recorded (reason, cluster, kind).</summary>
internal sealed class KubeTestMetrics : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();

    public KubeTestMetrics()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new KubeMetrics(factory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == KubeMetrics.WatchRestartsName && instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "");
            Restarts.Enqueue((labels["reason"], labels["cluster"], labels["kind"], value));
        });
        _listener.Start();
    }

    public KubeMetrics Metrics { get; }

    public ConcurrentQueue<(string Reason, string Cluster, string Kind, long Value)> Restarts { get; } = new();

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
