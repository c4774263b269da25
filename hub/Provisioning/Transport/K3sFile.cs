namespace PiController.Hub.Provisioning.Transport;

/// <summary>The files K3s writes that a plan may read back (ReadK3sFile reads these and nothing else).</summary>
internal enum K3sFile
{
    /// <summary>/etc/rancher/k3s/k3s.yaml: the admin kubeconfig a server writes.</summary>
    Kubeconfig,

    /// <summary>/var/lib/rancher/k3s/server/token: the server token (secure form) a server writes.</summary>
    ServerToken,

    /// <summary>/var/lib/rancher/k3s/server/agent-token: the agent token, when one was configured.</summary>
    AgentToken,

    /// <summary>/var/lib/rancher/k3s/server/tls/server-ca.crt: the cluster's server CA, to compare with the hub's.</summary>
    ServerCa,

    /// <summary>/var/lib/rancher/k3s/server/tls/client-ca.crt.</summary>
    ClientCa,
}

/// <summary>Where each <see cref="K3sFile"/> is.</summary>
internal static class K3sFiles
{
    public static string PathOf(K3sFile file) => file switch
    {
        K3sFile.Kubeconfig => Install.K3sLayout.ConfigDirectory + "/k3s.yaml",
        K3sFile.ServerToken => Install.K3sLayout.DataDirectory + "/server/token",
        K3sFile.AgentToken => Install.K3sLayout.DataDirectory + "/server/agent-token",
        K3sFile.ServerCa => Install.K3sLayout.DataDirectory + "/server/tls/server-ca.crt",
        K3sFile.ClientCa => Install.K3sLayout.DataDirectory + "/server/tls/client-ca.crt",
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "not a file K3s writes"),
    };
}
