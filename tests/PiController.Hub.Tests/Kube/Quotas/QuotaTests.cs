using System.Text.Json;
using PiController.Hub.Kube.Quotas;

namespace PiController.Hub.Tests.Kube.Quotas;

public sealed class QuotaTests
{
    private const long Mi = 1024 * 1024;

    [Theory]
    [InlineData("2Gi", 2048 * Mi)]
    [InlineData("3883000Ki", 3883000L * 1024)]
    [InlineData("1.5Gi", 1536 * Mi)]
    [InlineData("4G", 4_000_000_000L)]
    [InlineData("1048576", Mi)]
    public void Memory_quantities_are_read_as_Kubernetes_writes_them(string text, long bytes)
    {
        Assert.Equal(bytes, MemoryQuantity.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gi")]
    [InlineData("-1Gi")]
    [InlineData("2GB")]
    public void A_text_that_is_no_quantity_is_null(string text)
    {
        Assert.Null(MemoryQuantity.Parse(text));
    }

    [Fact]
    public void A_quota_is_a_share_of_the_clusters_memory_and_a_container_fits_the_smallest_board_by_default()
    {
        // Two Pi 4 (about 3.7 GiB allocatable each) and a Zero 2 W (about 400 MiB).
        var size = QuotaSizing.Size([3800 * Mi, 3800 * Mi, 400 * Mi], 25);

        Assert.Equal(new QuotaSize(Share: 2000 * Mi, DefaultLimit: 50 * Mi, DefaultRequest: 25 * Mi, Max: 2000 * Mi), size);
    }

    [Fact]
    public void No_container_may_be_larger_than_the_largest_board()
    {
        var size = QuotaSizing.Size([1000 * Mi, 1000 * Mi, 1000 * Mi], 100);

        Assert.Equal(1000 * Mi, size!.Max);
        Assert.Equal(3000 * Mi, size.Share);
    }

    [Fact]
    public void Without_memory_or_with_too_small_a_share_there_is_no_quota()
    {
        Assert.Null(QuotaSizing.Size([], 50));
        Assert.Null(QuotaSizing.Size([100 * Mi], 10));
    }

    [Fact]
    public void The_objects_the_hub_writes_match_themselves_and_the_servers_rewriting_of_quantities()
    {
        var size = new QuotaSize(2048 * Mi, 64 * Mi, 32 * Mi, 1024 * Mi);
        var quota = JsonDocument.Parse(QuotaObjects.ResourceQuota("apps", size, null)).RootElement;
        var limits = JsonDocument.Parse(QuotaObjects.LimitRange("apps", size, null)).RootElement;
        var rewritten = JsonDocument.Parse("""
            {"metadata":{"name":"pi-controller","namespace":"apps","labels":{"app.kubernetes.io/managed-by":"pi-controller"}},
             "spec":{"hard":{"limits.memory":"2Gi","requests.memory":"2Gi"}}}
            """).RootElement;

        Assert.True(QuotaObjects.ResourceQuotaMatches(quota, size));
        Assert.True(QuotaObjects.LimitRangeMatches(limits, size));
        Assert.True(QuotaObjects.ResourceQuotaMatches(rewritten, size));
        Assert.Equal("2048Mi", quota.GetProperty("spec").GetProperty("hard").GetProperty("requests.memory").GetString());
    }

    [Fact]
    public void Drift_on_an_owned_object_is_seen()
    {
        var size = new QuotaSize(2048 * Mi, 64 * Mi, 32 * Mi, 1024 * Mi);
        var widened = JsonDocument.Parse("""
            {"metadata":{"labels":{"app.kubernetes.io/managed-by":"pi-controller"}},"spec":{"hard":{"limits.memory":"4Gi","requests.memory":"2Gi"}}}
            """).RootElement;
        var extra = JsonDocument.Parse("""
            {"metadata":{"labels":{"app.kubernetes.io/managed-by":"pi-controller"}},"spec":{"hard":{"limits.memory":"2Gi","requests.memory":"2Gi","pods":"100"}}}
            """).RootElement;
        var unlabelled = JsonDocument.Parse("""{"metadata":{},"spec":{"hard":{"limits.memory":"2Gi","requests.memory":"2Gi"}}}""").RootElement;

        Assert.False(QuotaObjects.ResourceQuotaMatches(widened, size));
        Assert.False(QuotaObjects.ResourceQuotaMatches(extra, size));
        Assert.False(QuotaObjects.ResourceQuotaMatches(unlabelled, size));
    }
}
