namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Work of a higher layer on a cluster that a plan of the provisioner must not overlap (a rolling upgrade replacing
/// its nodes' binaries): the provisioner sits below it and asks through this interface, which that layer implements.
/// </summary>
internal interface IClusterWork
{
    /// <summary>What runs on <paramref name="cluster"/> now, as a sentence that says how to follow it; null when nothing does.</summary>
    string? Running(string cluster);
}
