using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace PiController.Protocol.Link;

/// <summary>
/// Reads what <c>k3s etcd-snapshot ls</c> prints: a header line <c>Name Location Size Created</c>, then one row per
/// snapshot, columns separated by spaces (K3s writes them with Go's tabwriter), Size in bytes and Created in RFC 3339.
/// Names and locations hold no spaces (K3s builds them as PREFIX-NODE-UNIXTIME and file:// or s3:// URLs). The agent
/// reads the live output with it, and the hub the same output over SSH, so both transports agree on every row.
/// </summary>
public static class EtcdSnapshotTable
{
    /// <summary>The snapshots listed, in the order printed, and how many non-empty lines were neither the header nor a row.</summary>
    public static (IReadOnlyList<EtcdSnapshotFile> Snapshots, int Unreadable) Parse(string output)
    {
        var snapshots = new List<EtcdSnapshotFile>();
        var unreadable = 0;
        foreach (var line in output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["Name", "Location", "Size", "Created", ..])
            {
                continue;
            }
            if (fields.Length == 4
                && ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && DateTimeOffset.TryParse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            {
                snapshots.Add(new EtcdSnapshotFile { Name = fields[0], Location = fields[1], Size = size, Created = Timestamp.FromDateTimeOffset(created) });
            }
            else
            {
                unreadable++;
            }
        }
        return (snapshots, unreadable);
    }
}
