namespace PiController.Hub.Provisioning.Install;

/// <summary>What K3s runs as on a node: a server (control plane, embedded etcd) or an agent (workloads only).</summary>
internal enum K3sRole
{
    Server,
    Agent,
}
