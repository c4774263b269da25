using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PiController.Hub.Cli;
using PiController.Hub.Discovery;
using PiController.Hub.Discovery.Leases;
using PiController.Hub.Security;
using PiController.Protocol.Text;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Cli;

/// <summary>Text from the network reaches a terminal with its control and bidi characters made visible.</summary>
public sealed class TerminalTextTests
{
    private static readonly string Hostile = "pi\u001b]0;owned\u0007\u001b[2J\u009b1m\u007f\r\nfake line\t\u202eevil\u2066x\u2069\u200e\u200f\u061c";
    private const string Shown = @"pi\x1b]0;owned\x07\x1b[2J\x9b1m\x7f\r\nfake line\t\u202eevil\u2066x\u2069\u200e\u200f\u061c";

    [Fact]
    public void Control_and_bidi_characters_are_written_as_visible_escapes()
    {
        Assert.Equal(Shown, PrintableText.Escape(Hostile));
        Assert.Equal("Raspberry Pi 5 — ünïcødé 🍓 stays", PrintableText.Escape("Raspberry Pi 5 — ünïcødé 🍓 stays"));
        Assert.Equal(@"lone \ud800 surrogate", PrintableText.Escape("lone \ud800 surrogate"));
        Assert.Equal("two\nlines\\x1b", PrintableText.EscapeKeepingLines("two\nlines\u001b"));
    }

    [Fact]
    public void Truncation_caps_the_escaped_text_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("abc…", PrintableText.Truncate("abcdefgh", 4));
        Assert.Equal("ab…", PrintableText.Truncate("ab🍓cdef", 4));
        Assert.Equal(@"\x1b…", PrintableText.Truncate("\u001b[2J", 5));
    }

    [Fact]
    public void Every_table_cell_is_escaped_so_no_cell_can_break_its_row()
    {
        var table = TextTable.Render(["NAME", "HOSTNAME"], [["a", Hostile], ["b", "plain"]]);

        Assert.Equal(3, table.Split('\n').Length);
        Assert.Contains(Shown, table, StringComparison.Ordinal);
        Assert.DoesNotContain(table, c => c is < ' ' and not '\n' || PrintableText.NeedsEscape(c) && c != '\n');
    }

    [Fact]
    public void An_interpolated_line_escapes_its_values_and_keeps_its_own_text()
    {
        var output = new StringWriter();
        using (Terminal.RedirectTo(output, output))
        {
            Terminal.WriteLine($"node {Hostile} removed\tok");
            Terminal.WriteLine(System.Globalization.CultureInfo.InvariantCulture, $"{1.5:0.00} {Hostile,-3}");
            Terminal.WriteLine("table\nof two lines\u001b");
        }
        Assert.Equal($"node {Shown} removed\tok\n1.50 {Shown}\ntable\nof two lines\\x1b\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_DHCP_hostname_with_escape_sequences_is_shown_escaped_by_pi_controller_discover()
    {
        await using var hub = await InProcessHub.StartAsync();
        var leases = Path.Join(hub.DataDirectory, "dnsmasq.leases");
        // dnsmasq writes what the client sent as its hostname; this one clears the screen and retitles the terminal.
        await File.WriteAllTextAsync(leases, "1764072000 b8:27:eb:12:34:56 192.168.1.23 rasp\u001b[2J\u001b]0;owned\u0007berrypi\u202e *\n");
        hub.Options.Discovery.LeaseFiles = [LeaseFile.Parse(leases)];
        hub.App.Services.GetServices<IHostedService>().OfType<DiscoveryPoller>().Single().Poll();

        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        using (Terminal.RedirectTo(output, error))
        {
            code = await CliMain.RunAsync(["discover", "--hub", $"https://127.0.0.1:{hub.Options.Port}",
                "--ca-fingerprint", HubTrust.Fingerprint(hub.App.Services.GetRequiredService<CertificateAuthority>().Certificate),
                "--token", hub.Token("viewer")]);
        }

        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.Contains(@"rasp\x1b[2J\x1b]0;owned\x07berrypi\u202e", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => c is < ' ' and not '\n' and not '\r' || c == '\u202e');
    }
}
