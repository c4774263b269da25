using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sUnitTests
{
    [Fact]
    public void The_server_unit_is_the_one_install_sh_writes_for_a_server_without_arguments()
    {
        Assert.Equal("""
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
            EnvironmentFile=-/etc/systemd/system/k3s.service.env
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
            ExecStart=/usr/local/bin/k3s \
                server \


            """, K3sUnit.Text(K3sRole.Server));
    }

    [Fact]
    public void The_agent_unit_differs_only_in_its_env_file_and_command()
    {
        var server = K3sUnit.Text(K3sRole.Server).Split('\n');
        var agent = K3sUnit.Text(K3sRole.Agent).Split('\n');

        var differences = server.Zip(agent).Where(p => p.First != p.Second).ToList();

        Assert.Equal(server.Length, agent.Length);
        Assert.Equal(
        [
            ("EnvironmentFile=-/etc/systemd/system/k3s.service.env", "EnvironmentFile=-/etc/systemd/system/k3s-agent.service.env"),
            ("    server \\", "    agent \\"),
        ], differences);
    }

    [Fact]
    public void The_unit_ends_as_install_sh_leaves_it_a_continued_command_then_an_empty_line()
    {
        Assert.EndsWith("ExecStart=/usr/local/bin/k3s \\\n    agent \\\n\n", K3sUnit.Text(K3sRole.Agent), StringComparison.Ordinal);
    }
}
