using System.Net;
using PiController.Hub.Discovery.Leases;

namespace PiController.Hub.Tests.Discovery;

public sealed class LeaseFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private LeaseParse Read(string name, string text, string? format = null)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, text);
        return LeaseFile.Parse(format is null ? path : $"{format}:{path}").Read();
    }

    [Fact]
    public void Dnsmasq_leases_are_read_and_a_malformed_line_is_skipped_with_a_warning_naming_it()
    {
        var parse = Read("dnsmasq.leases", """
            1764072000 b8:27:eb:12:34:56 192.168.1.23 raspberrypi 01:b8:27:eb:12:34:56
            1764072100 dc:a6:32:aa:bb:cc 192.168.1.24 * *
            garbage line
            1764072200 not-a-mac 192.168.1.25 laptop *
            soon 3c:22:fb:01:02:03 192.168.1.26 phone *
            duid 00:01:00:01:2c:7f:1b:2e:52:54:00:12:34:56
            1764072300 1234567 fd00::23 raspberrypi 00:01:00:01:2c:7f:1b:2e:b8:27:eb:12:34:56
            1764072400 e4:5f:01:00:00:01 192.168.1.27 pi-five 01:e4:5f:01:00:00:01
            """);

        Assert.Equal(["192.168.1.23", "192.168.1.24", "192.168.1.27"], parse.Leases.Select(l => l.Address.ToString()));
        Assert.Equal("raspberrypi", parse.Leases[0].Hostname);
        Assert.Equal("", parse.Leases[1].Hostname);
        Assert.Equal("dc:a6:32:aa:bb:cc", parse.Leases[1].Mac);
        Assert.Equal(3, parse.Warnings.Count);
        Assert.Contains(":3: expected \"EXPIRY MAC IP HOSTNAME [CLIENT-ID]\"", parse.Warnings[0], StringComparison.Ordinal);
        Assert.Contains(":4: \"not-a-mac\" is not a MAC address", parse.Warnings[1], StringComparison.Ordinal);
        Assert.Contains(":5: expiry \"soon\" is not a number", parse.Warnings[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Isc_dhcpd_leases_take_the_last_block_for_an_address_and_only_active_ones()
    {
        var parse = Read("dhcpd.leases", """
            # The format of this file is documented in the dhcpd.leases(5) manual page.
            # This lease file was written by isc-dhcp-4.4.3-P1

            # authoring-byte-order entry is generated, DO NOT DELETE
            authoring-byte-order little-endian;

            server-duid "\000\001\000\001,\177\033.RT\000\0224V";

            lease 192.168.1.50 {
              starts 2 2025/11/25 07:00:01;
              ends 2 2025/11/25 19:00:01;
              cltt 2 2025/11/25 07:00:01;
              binding state active;
              next binding state free;
              rewind binding state free;
              hardware ethernet b8:27:eb:01:02:03;
              uid "\001\270'\353\001\002\003";
              client-hostname "pi-kitchen";
            }
            lease 192.168.1.51 {
              starts 2 2025/11/25 07:10:00;
              ends 2 2025/11/25 07:20:00;
              binding state free;
              hardware ethernet dc:a6:32:00:00:01;
            }
            lease 192.168.1.52 {
              starts 2 2025/11/25 07:10:00;
              binding state active;
              hardware ethernet d8:3a:dd:00:00:02;
              client-hostname "pi-garage"
            }
            lease 192.168.1.53 {
              binding state active;
              hardware ethernet zz:zz:zz:zz:zz:zz;
            }
            lease 192.168.1.50 {
              starts 2 2025/11/25 08:00:01;
              binding state active;
              hardware ethernet b8:27:eb:01:02:03;
              client-hostname "pi-kitchen-2";
            }
            lease not-an-address {
              binding state active;
            }
            failover peer "dhcp" state {
              my state normal at 2 2025/11/25 07:00:00;
            }
            lease 192.168.1.54 {
              binding state active;
              hardware ethernet 2c:cf:67:00:00:03;
            """);

        Assert.Equal(["192.168.1.50", "192.168.1.52"], parse.Leases.Select(l => l.Address.ToString()));
        Assert.Equal("pi-kitchen-2", parse.Leases[0].Hostname);
        Assert.Equal("", parse.Leases[1].Hostname);
        Assert.Collection(parse.Warnings,
            w => Assert.Contains(":30: statement does not end with \";\"", w, StringComparison.Ordinal),
            w => Assert.Contains(":34: \"zz:zz:zz:zz:zz:zz\" is not a MAC address", w, StringComparison.Ordinal),
            w => Assert.Contains(":42: \"lease not-an-address {\" does not start a lease", w, StringComparison.Ordinal),
            w => Assert.Contains(":48: the lease of 192.168.1.54 is not closed", w, StringComparison.Ordinal));
    }

    [Fact]
    public void Kea_csv_follows_its_header_and_later_rows_replace_earlier_ones()
    {
        var parse = Read("kea-leases4.csv", """
            address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id
            192.168.2.10,b8:27:eb:0a:0b:0c,01:b8:27:eb:0a:0b:0c,4000,1764076000,1,0,0,raspberrypi,0,,0
            192.168.2.11,28:cd:c1:00:11:22,,4000,1764076100,1,0,0,pi&#x2cwith&#x2ccomma.,0,,0
            192.168.2.12,dc:a6:32:99:88:77,,4000,1764076200,1,0,0,declined-pi,1,,0
            192.168.2.13,e4:5f:01:01:01:01,,4000,1764076300,1
            192.168.2.14,xx,,4000,1764076400,1,0,0,broken,0,,0
            192.168.2.10,b8:27:eb:0a:0b:0c,01:b8:27:eb:0a:0b:0c,0,1764076500,1,0,0,raspberrypi,0,,0
            192.168.2.15,2c:cf:67:12:34:56,,4000,1764076600,1,0,0,pi5,0,{ "ISC": { "relay": "x,y" } },0
            """);

        Assert.Equal(["192.168.2.11", "192.168.2.15"], parse.Leases.Select(l => l.Address.ToString()));
        Assert.Equal("pi,with,comma", parse.Leases[0].Hostname);
        Assert.Collection(parse.Warnings,
            w => Assert.Contains(":5: 6 fields where the header has 12", w, StringComparison.Ordinal),
            w => Assert.Contains(":6: \"xx\" is not a MAC address", w, StringComparison.Ordinal));
    }

    [Fact]
    public void OpenWrt_static_hosts_are_read_from_uci_and_its_dynamic_leases_as_dnsmasq()
    {
        var parse = Read("dhcp", """
            config dnsmasq
            	option domainneeded '1'
            	option leasefile '/tmp/dhcp.leases'

            config dhcp 'lan'
            	option interface 'lan'
            	option start '100'

            config host
            	option name 'pi-kitchen'
            	option dns '1'
            	option mac 'B8:27:EB:11:22:33'
            	option ip '192.168.1.10'

            config host 'garage'
            	list mac 'DC:A6:32:44:55:66'
            	option ip '192.168.1.300'

            config host
            	option name 'unterminated
            	option mac '2C:CF:67:00:00:01 D8:3A:DD:00:00:02'
            	option ip '192.168.1.12'
            	option
            """);
        Assert.Equal(["192.168.1.10", "192.168.1.12"], parse.Leases.Select(l => l.Address.ToString()));
        Assert.Equal("pi-kitchen", parse.Leases[0].Hostname);
        Assert.Equal("2c:cf:67:00:00:01", parse.Leases[1].Mac);
        Assert.Collection(parse.Warnings,
            w => Assert.Contains(":17: \"192.168.1.300\" is not an IPv4 address; host (unnamed) skipped", w, StringComparison.Ordinal),
            w => Assert.Contains(":20: unbalanced quotes", w, StringComparison.Ordinal),
            w => Assert.Contains(":23: \"option\" needs a name and a value", w, StringComparison.Ordinal));

        var dynamic = Read("dhcp.leases", "1764080000 d8:3a:dd:01:02:03 192.168.1.150 pi5 01:d8:3a:dd:01:02:03\n", "openwrt");
        Assert.Empty(dynamic.Leases);
        Assert.Equal(LeaseFormat.Dnsmasq, LeaseFile.Detect("1764080000 d8:3a:dd:01:02:03 192.168.1.150 pi5 *\n"));
        Assert.Equal(IPAddress.Parse("192.168.1.150"), Assert.Single(Read("dhcp2.leases", "1764080000 d8:3a:dd:01:02:03 192.168.1.150 pi5 *\n").Leases).Address);
    }

    [Fact]
    public void The_format_is_told_from_the_content()
    {
        Assert.Equal(LeaseFormat.Kea, LeaseFile.Detect("address,hwaddr,client_id\n"));
        Assert.Equal(LeaseFormat.IscDhcpd, LeaseFile.Detect("# comment\nlease 10.0.0.1 {\n}\n"));
        Assert.Equal(LeaseFormat.OpenWrt, LeaseFile.Detect("config host\n\toption ip '10.0.0.1'\n"));
        Assert.Equal(LeaseFormat.Dnsmasq, LeaseFile.Detect(""));
        Assert.Equal(new LeaseFile("/var/lib/kea/kea-leases4.csv", LeaseFormat.Kea), LeaseFile.Parse("kea:/var/lib/kea/kea-leases4.csv"));
        Assert.Equal(new LeaseFile("/x", LeaseFormat.IscDhcpd), LeaseFile.Parse("isc-dhcpd:/x"));
    }

    [Fact]
    public void An_unreadable_lease_file_is_one_warning_not_an_exception()
    {
        var missing = LeaseFile.Parse(_directory.File("absent.leases")).Read();
        Assert.Empty(missing.Leases);
        Assert.Contains("cannot read the lease file", Assert.Single(missing.Warnings), StringComparison.Ordinal);

        var directory = LeaseFile.Parse(_directory.Path).Read();
        Assert.Contains(_directory.Path, Assert.Single(directory.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_never_crash_a_parser()
    {
        var random = new Random(6);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 2000)];
            random.NextBytes(bytes);
            var text = System.Text.Encoding.Latin1.GetString(bytes);
            DnsmasqLeases.Parse(text, "fuzz");
            IscDhcpdLeases.Parse(text, "fuzz");
            KeaLeases.Parse(text, "fuzz");
            OpenWrtLeases.Parse(text, "fuzz");
        }
    }
}
