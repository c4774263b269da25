using PiController.Hub.Provisioning.Snapshots;

namespace PiController.Hub.Tests.Provisioning.Snapshots;

/// <summary>The cron text K3s takes for its snapshot schedule, and the next time it names (UTC).</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 2, 13, 40, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */12 * * *", "2026-12-07T12:00:00Z")]
    [InlineData("*/15 * * * *", "2026-12-07T02:15:00Z")]
    [InlineData("30 3 * * sun", "2026-12-13T03:30:00Z")]
    [InlineData("0 0 1 jan *", "2027-01-01T00:00:00Z")]
    [InlineData("0 4 * * 7", "2026-12-13T04:00:00Z")]
    [InlineData("0 4 15 * 1", "2026-12-07T04:00:00Z")]
    [InlineData("5-10/5 2 * * *", "2026-12-08T02:05:00Z")]
    [InlineData("0 6,18 * * 1-5", "2026-12-07T06:00:00Z")]
    [InlineData("@daily", "2026-12-08T00:00:00Z")]
    [InlineData("@hourly", "2026-12-07T03:00:00Z")]
    [InlineData("0 0 29 2 *", "2028-02-29T00:00:00Z")]
    public void The_next_time_is_the_first_minute_after_now_the_schedule_names(string cron, string next)
    {
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(cron).Next(Monday));
    }

    [Fact]
    public void A_time_exactly_on_the_schedule_is_not_its_own_next()
    {
        var noon = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(noon.AddHours(12), CronSchedule.Parse("0 */12 * * *").Next(noon));
    }

    [Fact]
    public void A_day_that_never_comes_has_no_next_time()
    {
        Assert.Null(CronSchedule.Parse("0 0 31 2 *").Next(Monday));
    }

    [Theory]
    [InlineData("0 */12 * *", "it needs five fields")]
    [InlineData("61 * * * *", "\"61\" is not a minute field")]
    [InlineData("0 25 * * *", "\"25\" is not a hour field")]
    [InlineData("0 0 * foo *", "\"foo\" is not a month field")]
    [InlineData("0 0 * * 1-9", "\"1-9\" is not a day of week field")]
    [InlineData("*/0 * * * *", "\"*/0\" is not a minute field")]
    [InlineData("5-1 * * * *", "\"5-1\" is not a minute field")]
    public void Text_that_is_not_a_schedule_is_refused_naming_the_field(string cron, string reason)
    {
        var e = Assert.Throws<FormatException>(() => CronSchedule.Parse(cron));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
