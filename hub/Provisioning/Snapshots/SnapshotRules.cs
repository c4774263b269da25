using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>The checks of a snapshot request, each a one-line refusal that says what is accepted (the agent checks the same again).</summary>
internal static class SnapshotRules
{
    /// <summary>A snapshot name's prefix: lower-case letters, digits and '-', at most 40; null or empty: K3s's on-demand.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var plain = name.Length <= 40 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && name[0] != '-' && name[^1] != '-';
        return plain ? name : throw new HubException(HubErrorKind.Invalid,
            $"\"{TextRules.Excerpt(name)}\" is not a snapshot name: use lower-case letters, digits and '-', at most 40 (K3s adds -NODE-UNIXTIME)");
    }

    public static int Retention(int retention) => retention is >= 1 and <= 1000
        ? retention
        : throw new HubException(HubErrorKind.Invalid, $"retention {retention} is out of range: keep 1 to 1000 snapshots (K3s keeps 5)");

    public static string Cron(string cron)
    {
        try
        {
            var schedule = CronSchedule.Parse(cron);
            return schedule.Next(DateTimeOffset.UnixEpoch) is null
                ? throw new HubException(HubErrorKind.Invalid, $"\"{TextRules.Excerpt(schedule.Text)}\" names no time that exists (a 30 February?); K3s's default is \"0 */12 * * *\"")
                : schedule.Text;
        }
        catch (FormatException e)
        {
            throw new HubException(HubErrorKind.Invalid, e.Message);
        }
    }
}
