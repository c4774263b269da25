namespace PiController.Hub.Provisioning.Install;

/// <summary>What a written file is to K3s: it decides whether a change restarts the service and how a dry-run shows it.</summary>
internal enum FileKind
{
    /// <summary>config.yaml and its drop-ins: a change restarts K3s.</summary>
    Config,

    /// <summary>The systemd unit: a change needs daemon-reload and a restart.</summary>
    Unit,

    /// <summary>The unit's environment file (0600, holds the token): a change restarts K3s.</summary>
    Environment,

    /// <summary>A CA certificate or key under server/tls: written only where none exists, since K3s reads them on its
    /// first start only and the cluster's data must not change under it afterwards.</summary>
    Trust,
}
