namespace PiController.Hub.Kube.Quotas;

/// <summary>
/// Sizes a namespace's quota from the boards' memory: its share of the cluster's allocatable memory (the nodes'
/// status.allocatable, what pods can have after the kubelet's reservations) for requests and limits; per container, at
/// most the share and never more than the largest board can give, and by default an eighth of the smallest board
/// (so a pod without limits cannot starve a 1 GB Pi), requesting half of that. Whole MiB, rounded down. Pure.
/// </summary>
internal static class QuotaSizing
{
    /// <summary>A share smaller than this gives no quota: no container could run in it.</summary>
    public const long Smallest = 16 * MemoryQuantity.Mebibyte;

    /// <summary>The sizes, or null when the nodes report no memory or the share is too small to run anything.</summary>
    public static QuotaSize? Size(IReadOnlyList<long> allocatable, int percent)
    {
        var nodes = allocatable.Where(a => a > 0).ToList();
        if (nodes.Count == 0)
        {
            return null;
        }
        var share = Mebibytes(nodes.Sum() / 100 * percent);
        if (share < Smallest)
        {
            return null;
        }
        var max = Math.Min(share, Mebibytes(nodes.Max()));
        var limit = Math.Min(max, Math.Max(Smallest, Mebibytes(nodes.Min() / 8)));
        var request = Math.Max(MemoryQuantity.Mebibyte, Mebibytes(limit / 2));
        return new QuotaSize(share, limit, request, max);
    }

    private static long Mebibytes(long bytes) => bytes / MemoryQuantity.Mebibyte * MemoryQuantity.Mebibyte;
}

/// <summary>A namespace's memory quota, in bytes (whole MiB).</summary>
/// <param name="Share">The ResourceQuota's requests.memory and limits.memory.</param>
/// <param name="DefaultLimit">The LimitRange's default limit per container.</param>
/// <param name="DefaultRequest">The LimitRange's default request per container.</param>
/// <param name="Max">The LimitRange's largest limit per container.</param>
internal sealed record QuotaSize(long Share, long DefaultLimit, long DefaultRequest, long Max);
