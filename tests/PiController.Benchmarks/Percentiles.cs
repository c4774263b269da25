using System.Globalization;

namespace PiController.Benchmarks;

internal static class Percentiles
{
    public static double Of(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Describe(List<double> samplesMs)
    {
        var sorted = samplesMs.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Length} p50={Of(sorted, 50):0.000} ms p90={Of(sorted, 90):0.000} ms p99={Of(sorted, 99):0.000} ms max={sorted[^1]:0.000} ms");
    }
}
