namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The systemd unit exactly as K3s's install.sh writes it (create_systemd_service_file) for a service installed with
/// no extra arguments: every setting lives in config.yaml and the env file, so the command is just <c>server</c> or
/// <c>agent</c>, and the unit is the same text on every node of a role. Type=notify (systemd waits for K3s to be ready),
/// KillMode=process (restarting K3s leaves pods running: in-place upgrades rely on it), Delegate=yes (K3s manages its
/// own cgroups), Restart=always after 5 s, no start timeout (a Pi's first start can take minutes), the br_netfilter and
/// overlay modules loaded before the start (the leading "-" lets a kernel with them built in go on), and no Limit*
/// accounting (the script's comment says why). The trailing " \" and the empty line are the script's too.
/// </summary>
internal static class K3sUnit
{
    public static string Text(K3sRole role) =>
        $"""
        [Unit]
        Description=Lightweight Kubernetes
        Documentation=https://k3s.io
        Wants=network-online.target
        After=network-online.target

        [Install]
        WantedBy=multi-user.target

        [Service]
        Type=notify
        EnvironmentFile=-/etc/default/%N
        EnvironmentFile=-/etc/sysconfig/%N
        EnvironmentFile=-{K3sLayout.EnvironmentFile(role)}
        KillMode=process
        Delegate=yes
        User=root
        # Having non-zero Limit*s causes performance problems due to accounting overhead
        # in the kernel. We recommend using cgroups to do container-local accounting.
        LimitNOFILE=1048576
        LimitNPROC=infinity
        LimitCORE=infinity
        TasksMax=infinity
        TimeoutStartSec=0
        Restart=always
        RestartSec=5s
        ExecStartPre=-/sbin/modprobe br_netfilter
        ExecStartPre=-/sbin/modprobe overlay
        ExecStart={K3sLayout.Binary} \
            {(role == K3sRole.Server ? "server" : "agent")} \


        """;
}
