using PiController.Hub.Adoption;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Adoption;

/// <summary>Adopt's builders are pure: every step's script and file is compared as an exact string; the token travels only as a file's content.</summary>
public sealed class AdoptionScriptsTests
{
    private static readonly Uri Hub = new("https://hub.lan:8443");
    private static readonly JoinToken Token = new(new string('a', 64), "0123456789ab", "00112233445566778899aabbccddeeff");
    private static readonly IReadOnlyList<AdoptionStep> Steps =
        AdoptionScripts.Steps(new AdoptionInputs(Hub, "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", "-----BEGIN PGP PUBLIC KEY BLOCK-----\nKEY\n", Token));

    [Fact]
    public void The_steps_are_the_trust_the_source_the_update_the_install_the_config_and_the_start_in_that_order()
    {
        Assert.Equal(
        [
            "write the hub's CA certificate to /etc/pi-controller/hub-ca.crt",
            "write the hub's apt signing key to /etc/apt/keyrings/pi-controller.asc",
            "trust the hub's CA for https://hub.lan in /etc/apt/apt.conf.d/60pi-controller",
            "add the hub's apt source /etc/apt/sources.list.d/pi-controller.sources",
            "apt-get update from the hub's source only",
            "apt-get install -y pi-controller-agent",
            "write /etc/pi-controller/agent.conf (0600) with the hub and a single-use join token",
            "systemctl enable pi-agent and restart it",
        ], Steps.Select(s => s.Description));
    }

    [Fact]
    public void The_apt_source_is_deb822_signed_by_the_hubs_key_and_apt_trusts_the_hubs_CA_for_its_host_only()
    {
        Assert.Equal("""
            Types: deb
            URIs: https://hub.lan:8443/apt
            Suites: stable
            Components: main
            Signed-By: /etc/apt/keyrings/pi-controller.asc
            Check-Date: no

            """, Steps[3].Content!.Reveal());
        Assert.Equal("Acquire::https::hub.lan::CaInfo \"/etc/pi-controller/hub-ca.crt\";\n", Steps[2].Content!.Reveal());
        Assert.Equal("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", Steps[0].Content!.Reveal());
        Assert.Equal("-----BEGIN PGP PUBLIC KEY BLOCK-----\nKEY\n", Steps[1].Content!.Reveal());
    }

    [Fact]
    public void A_file_is_read_from_stdin_compared_on_the_Pi_and_renamed_into_place_with_its_mode()
    {
        Assert.Equal("""
            set -e
            mkdir -p /etc/apt/sources.list.d
            umask 077
            tmp=$(mktemp /etc/apt/sources.list.d/.pi-controller.sources.pi-controller.XXXXXX)
            trap 'rm -f "$tmp"' EXIT
            cat > "$tmp"
            if [ -f /etc/apt/sources.list.d/pi-controller.sources ] && [ "$(stat -c %a /etc/apt/sources.list.d/pi-controller.sources)" = 644 ] && cmp -s "$tmp" /etc/apt/sources.list.d/pi-controller.sources; then echo pi-controller:unchanged; exit 0; fi
            chmod 0644 "$tmp"
            mv -f "$tmp" /etc/apt/sources.list.d/pi-controller.sources
            trap - EXIT
            echo pi-controller:changed
            """, Steps[3].Script);
    }

    [Fact]
    public void The_update_reads_the_hubs_source_alone_and_the_install_keeps_the_written_agent_conf()
    {
        Assert.Equal("""
            set -e
            apt-get update --error-on=any -o Dir::Etc::SourceList=/etc/apt/sources.list.d/pi-controller.sources -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0
            echo pi-controller:changed
            """, Steps[4].Script);
        Assert.Equal("""
            set -e
            before=$(dpkg-query -W -f='${Status} ${Version}' pi-controller-agent 2>/dev/null || true)
            DEBIAN_FRONTEND=noninteractive apt-get install -y -o Dpkg::Options::=--force-confold pi-controller-agent
            after=$(dpkg-query -W -f='${Status} ${Version}' pi-controller-agent)
            if [ "$before" = "$after" ]; then echo pi-controller:unchanged; else echo pi-controller:changed; fi
            """, Steps[5].Script);
        Assert.Equal("""
            set -e
            systemctl enable --quiet pi-agent
            systemctl restart pi-agent
            echo pi-controller:changed
            """, Steps[7].Script);
    }

    [Fact]
    public void Agent_conf_is_0600_and_its_token_goes_over_stdin_masked_wherever_it_is_shown()
    {
        var config = Steps[6];

        Assert.Equal($"# Written by pi-controller adopt. The join token is single-use and short-lived.\nhub = https://hub.lan:8443\ntoken = {Token}\n", config.Content!.Reveal());
        Assert.Equal($"# Written by pi-controller adopt. The join token is single-use and short-lived.\nhub = https://hub.lan:8443\ntoken = PIC1{new string('a', 64)}::0123456789ab.********\n",
            config.Content.ToString());
        Assert.Contains("chmod 0600 \"$tmp\"", config.Script, StringComparison.Ordinal);
        Assert.Contains("mv -f \"$tmp\" /etc/pi-controller/agent.conf", config.Script, StringComparison.Ordinal);
        Assert.All(Steps, s => Assert.DoesNotContain(Token.Secret, s.Script + s.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void The_facts_give_the_architecture_and_the_node_id_the_agent_will_take()
    {
        var pi = AdoptionFacts.Parse("arch=arm64\nhostname=pi-01\nserial-dt=10000000abcdef01\nserial-cpu=10000000ABCDEF01\nmachine-id=0123456789abcdef0123456789abcdef\n");
        var zeros = AdoptionFacts.Parse("arch=arm64\nhostname=pi-02\nserial-dt=0000000000000000\nserial-cpu=10000000ABCDEF02\nmachine-id=\n");
        var container = AdoptionFacts.Parse("arch=amd64\nhostname=h1\nserial-dt=\nserial-cpu=\nmachine-id=0123456789ABCDEF0123456789ABCDEF\n");
        var nothing = AdoptionFacts.Parse("arch=\nhostname=x\nserial-dt=\nserial-cpu=\nmachine-id=\n");

        Assert.Equal(new AdoptionFacts("arm64", "pi-01", "10000000abcdef01"), pi);
        Assert.Equal("10000000abcdef02", zeros.NodeId);
        Assert.Equal(new AdoptionFacts("amd64", "h1", "0123456789abcdef0123456789abcdef"), container);
        Assert.Equal(new AdoptionFacts("", "x", null), nothing);
    }
}
