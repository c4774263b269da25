using System.Diagnostics.Metrics;

namespace PiController.Hub.Kube.Informers;

/// <summary>The Kube layer's instruments, on the meter "PiController.Hub.Kube".</summary>
internal sealed class KubeMetrics
{
    public const string MeterName = "PiController.Hub.Kube";
    public const string WatchRestartsName = "pi_controller.kube.watch.restarts";

    private readonly Counter<long> _restarts;

    public KubeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _restarts = meter.CreateCounter<long>(WatchRestartsName, "{restart}",
            "Watches started again, by cluster, kind and reason (stream-ended, gone, error)");
    }

    public void WatchRestarted(string cluster, KubeKind kind, string reason) =>
        _restarts.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("kind", kind.ToString()),
            new KeyValuePair<string, object?>("reason", reason));
}
